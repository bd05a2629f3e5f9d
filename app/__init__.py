"""briefgraph's Streamlit app: pages that arrange widgets and call the graph library."""
