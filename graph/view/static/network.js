// briefgraph's network view: draws briefgraph view data with vis-network.
//
// Used by the Streamlit component and by the self-contained HTML export.
// Nothing here parses HTML: tooltips are strings (vis-network 9 shows them with
// innerText) and every other string from the data goes through textContent.
(function (global) {
  "use strict";

  function asText(item) {
    if (item.title !== undefined && typeof item.title !== "string") {
      item.title = String(item.title);
    }
    return item;
  }

  // Bring ``dataSet`` to ``items``, touching only what changed since ``drawn`` (id ->
  // the item as last given): a new selection re-sends the whole view, and updating every
  // item would make vis-network measure and draw them all again.
  function sync(dataSet, items, drawn) {
    const wanted = new Set(items.map((item) => item.id));
    const stale = dataSet.getIds().filter((id) => !wanted.has(id));
    if (stale.length) dataSet.remove(stale);
    stale.forEach((id) => drawn.delete(id));
    const changed = [];
    items.forEach((item) => {
      const text = JSON.stringify(item);
      if (drawn.get(item.id) !== text) {
        drawn.set(item.id, text);
        changed.push(asText(item));
      }
    });
    if (changed.length) dataSet.update(changed);
  }

  function given(items) {
    return new Map(items.map((item) => [item.id, JSON.stringify(item)]));
  }

  function applySelection(network, view) {
    if (view.selected && network.body.data.nodes.get(view.selected)) {
      network.selectNodes([view.selected], false);
    } else {
      network.unselectAll();
    }
  }

  function fitFocus(network, view, animate) {
    const animation = animate ? { duration: 400, easingFunction: "easeInOutQuad" } : false;
    if (view.focus && view.focus.length) {
      // The focus fills the frame; a very small one is not blown up past twice its size.
      network.fit({ nodes: view.focus, animation: animation, maxZoomLevel: 2.0 });
    } else {
      network.fit({ animation: animation });
    }
  }

  // Draw ``view`` into ``container``; ``handlers`` may have node(id), edge(id),
  // moved(positions) and ready(network). Returns {network, update(view)}.
  function mount(container, view, handlers) {
    handlers = handlers || {};
    const drawnNodes = given(view.nodes);
    const drawnEdges = given(view.edges);
    const nodes = new global.vis.DataSet(view.nodes.map(asText));
    const edges = new global.vis.DataSet(view.edges.map(asText));
    const network = new global.vis.Network(container, { nodes: nodes, edges: edges }, view.options);
    let current = view;

    network.on("click", function (params) {
      if (params.nodes.length && handlers.node) {
        handlers.node(params.nodes[0]);
      } else if (params.edges.length && handlers.edge) {
        handlers.edge(params.edges[0]);
      }
    });
    network.on("dragEnd", function (params) {
      if (params.nodes.length && handlers.moved) handlers.moved(network.getPositions());
    });
    network.once("stabilizationIterationsDone", function () {
      // Physics settles the layout once, then freezes it.
      network.setOptions({ physics: { enabled: false } });
    });
    network.once("afterDrawing", function () {
      container.setAttribute("data-ready", "true");
      if (handlers.ready) handlers.ready(network);
    });
    applySelection(network, view);
    fitFocus(network, view, false);

    // The picture follows its frame: when the container gets its real size (a page
    // still laying out, a narrow window, a rotated tablet), the view is fitted again,
    // so the same link looks the same in any tab.
    let lastSize = "";
    if (global.ResizeObserver) {
      new global.ResizeObserver(function () {
        const size = container.clientWidth + "x" + container.clientHeight;
        if (size === lastSize || !container.clientWidth) return;
        lastSize = size;
        network.redraw();
        fitFocus(network, current, false);
      }).observe(container);
    }

    function nodeIds(v) {
      return v.nodes.map((n) => n.id).sort().join("\n");
    }

    function update(next) {
      const focusChanged = JSON.stringify(next.focus) !== JSON.stringify(current.focus);
      // New hops, filters or a folded page draw other nodes: fit them, not the old extent.
      const nodesChanged = nodeIds(next) !== nodeIds(current);
      sync(nodes, next.nodes, drawnNodes);
      sync(edges, next.edges, drawnEdges);
      if (JSON.stringify(next.options) !== JSON.stringify(current.options)) {
        network.setOptions(next.options);
      }
      applySelection(network, next);
      if (focusChanged || nodesChanged) fitFocus(network, next, true);
      current = next;
    }

    return { network: network, nodes: nodes, edges: edges, update: update };
  }

  global.briefgraphNetwork = { mount: mount };
})(globalThis);
