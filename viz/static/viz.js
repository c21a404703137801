/* yongchuan-kg: the behaviour of the graph pages (vis-network) and of the search boxes.
 *
 * No framework and no request to anything but this app's own API. Everything taken from the data is
 * put into the page as text (textContent / vis string titles), never as HTML.
 *
 * A graph is described by a <script type="application/json" class="ykg-graph" data-container="ID">
 * holding the page config written by viz/render.py: vis nodes and edges (built by pyvis), vis options,
 * the style table of the node types, and whether to expand nodes from the API or from an embedded
 * "reservoir" (standalone files).
 */
(function () {
  "use strict";

  // ------------------------------------------------------------------------------------ helpers

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    for (key in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] === undefined || attrs[key] === null) continue;
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else if (key === "onclick") node.addEventListener("click", attrs[key]);
      else if (key === "onchange") node.addEventListener("change", attrs[key]);
      else node.setAttribute(key, attrs[key]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function asList(value) {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
  }

  function clip(text, limit) {
    text = String(text);
    return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
  }

  function statusCode(value) {
    var text = String(value);
    return text.split("#").pop().split("/").pop();
  }

  function pageUrl(base, id) { return base + "/pages/entities/" + encodeURIComponent(id); }
  function graphUrl(base, id) { return base + "/viz/entity/" + encodeURIComponent(id); }

  // ------------------------------------------------------------------------------------ data
  // The same normalisation as viz/render.py: node-link data, edges by source/target (or from/to),
  // attributes flat or under "attributes", evidence a list.

  var NODE_KEYS = { id: 1, type: 1, label: 1, aliases: 1, attributes: 1, evidence: 1, mentions: 1 };
  var EDGE_KEYS = { source: 1, target: 1, from: 1, to: 1, type: 1, evidence: 1, attributes: 1, id: 1, key: 1 };

  function normaliseEvidence(raw) {
    return asList(raw).map(function (item) {
      if (typeof item === "string") return { document: "", document_label: "", sentence: item };
      var doc = item.document || item.document_id || item.source || "";
      var docLabel = item.document_label || item.document_title || item.title || "";
      if (doc && typeof doc === "object") { docLabel = doc.label || doc.title || doc.id || ""; doc = doc.id || ""; }
      return { document: String(doc), document_label: String(docLabel),
               sentence: String(item.sentence || item.quote || item.text || "") };
    });
  }

  function normalise(data) {
    var nodes = {}, edges = {}, order = [];
    var rawNodes = (data && (data.nodes || (data.graph && data.graph.nodes))) || [];
    var rawEdges = (data && (data.edges || data.links || (data.graph && data.graph.edges))) || [];
    rawNodes.forEach(function (raw) {
      var attributes = Object.assign({}, raw.attributes || {});
      Object.keys(raw).forEach(function (key) {
        if (!NODE_KEYS[key] && raw[key] !== null && raw[key] !== undefined && !(key in attributes)) attributes[key] = raw[key];
      });
      if (attributes.status) attributes.status = statusCode(attributes.status);
      var id = String(raw.id);
      if (!nodes[id]) order.push(id);
      nodes[id] = { id: id, type: String(raw.type || ""), label: String(raw.label || raw.id),
                    aliases: asList(raw.aliases).map(String), attributes: attributes,
                    evidence: normaliseEvidence(raw.evidence || raw.mentions) };
    });
    rawEdges.forEach(function (raw) {
      var source = raw.source !== undefined ? raw.source : raw.from;
      var target = raw.target !== undefined ? raw.target : raw.to;
      // The API's edges name their ends as {id, type, label}.
      source = String(source && typeof source === "object" ? source.id : source);
      target = String(target && typeof target === "object" ? target.id : target);
      if (!nodes[source] || !nodes[target]) return;
      var attributes = Object.assign({}, raw.attributes || {});
      Object.keys(raw).forEach(function (key) {
        if (!EDGE_KEYS[key] && raw[key] !== null && raw[key] !== undefined && !(key in attributes)) attributes[key] = raw[key];
      });
      var key = source + "|" + raw.type + "|" + target;
      var evidence = normaliseEvidence(raw.evidence);
      if (edges[key]) Array.prototype.push.apply(edges[key].evidence, evidence);
      else edges[key] = { source: source, target: target, type: String(raw.type || ""), evidence: evidence, attributes: attributes };
    });
    return { nodes: order.map(function (id) { return nodes[id]; }),
             edges: Object.keys(edges).map(function (k) { return edges[k]; }) };
  }

  // ------------------------------------------------------------------------------------ search

  function searchResults(data) {
    if (Array.isArray(data)) return data;
    return (data && (data.results || data.hits || data.items || data.nodes)) || [];
  }

  function initSearch(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".search-results");
    var base = form.getAttribute("data-base") || "";
    var typeNames = {};
    try { typeNames = JSON.parse(form.getAttribute("data-types") || "{}"); } catch (e) { typeNames = {}; }
    var active = -1, last = "";
    if (!input || !list) return;

    function links() { return list.querySelectorAll("a.result-page"); }
    function highlight(index) {
      var items = links();
      active = Math.max(-1, Math.min(index, items.length - 1));
      for (var i = 0; i < items.length; i++) items[i].parentNode.classList.toggle("active", i === active);
    }
    var run = debounce(function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (!q) { list.replaceChildren(); list.hidden = true; return; }
      fetch(base + "/search?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (data) {
          if (input.value.trim() !== q) return;
          var hits = searchResults(data).slice(0, 15);
          list.replaceChildren();
          if (!hits.length) list.appendChild(el("li", { className: "empty", text: "没有找到：" + q }));
          hits.forEach(function (hit) {
            var type = typeNames[hit.type] || hit.type || "";
            var matched = hit.matched && hit.matched !== hit.label ? "（" + hit.matched + "）" : "";
            list.appendChild(el("li", null,
              el("a", { className: "result-page", href: pageUrl(base, hit.id) },
                el("span", { className: "type-chip", "data-type": hit.type, text: type }), " ",
                el("span", { className: "result-label", text: hit.label }),
                el("span", { className: "result-matched", text: matched })),
              el("a", { className: "result-graph", href: graphUrl(base, hit.id), title: "关系图", text: "图" })));
          });
          list.hidden = false;
          active = -1;
        })
        .catch(function () { /* the box just stays empty */ });
    }, 150);
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
      else if (event.key === "Escape") { list.hidden = true; }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var items = links();
      if (items.length) window.location.href = items[Math.max(active, 0)].href;
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) list.hidden = true;
    });
    input.addEventListener("focus", function () { if (list.childNodes.length) list.hidden = false; });
  }

  // ------------------------------------------------------------------------------------ graph

  function initGraph(cfg, container) {
    var S = cfg.styles;
    var base = cfg.base || "";
    var panel = document.getElementById(container.getAttribute("data-panel") || "");
    var filters = document.getElementById(container.getAttribute("data-filters") || "");
    var statusLine = document.getElementById(container.getAttribute("data-status") || "");
    var loading = document.getElementById(container.getAttribute("data-loading") || "");
    var documents = Object.assign({}, cfg.documents || {});
    var nodes = new vis.DataSet(cfg.nodes);
    var edges = new vis.DataSet(cfg.edges);
    var state = { hiddenTypes: {}, hiddenRelations: {}, year: "", status: "", hideIsolated: false,
                  expanded: {}, pending: {}, degree: {} };
    (cfg.expanded || []).forEach(function (id) { state.expanded[id] = true; });
    var showEdgeLabels = cfg.edges.length <= S.edgeLabelLimit;

    function nodeVisible(node) {
      if (!node) return false;
      if (node.focus) return true;
      if (state.hiddenTypes[node.type]) return false;
      if (state.year && node.year !== null && node.year !== undefined && String(node.year) !== state.year) return false;
      if (state.status && node.type === "Project" && node.status !== state.status) return false;
      if (state.hideIsolated && !state.degree[node.id]) return false;
      return true;
    }
    var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
    var edgeView = new vis.DataView(edges, {
      filter: function (edge) {
        return !state.hiddenRelations[edge.type] && nodeVisible(nodes.get(edge.from)) && nodeVisible(nodes.get(edge.to));
      }
    });
    var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, cfg.options);
    var api = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                state: state, ready: false, expand: expand, config: cfg };
    container.ykg = api;

    // --- drawing of nodes and edges that arrive later (the same rules as viz/render.py)

    function typeStyle(type) { return S.nodes[type] || S["default"]; }
    function typeLabel(type) { return (S.nodes[type] && S.nodes[type].label) || type; }
    function relationLabel(type) { return (S.relations[type] && S.relations[type].label) || type; }
    function wrapLabel(label) {
      var width = S.labelLine;
      if (label.length <= width + 2) return label;
      var lines = [];
      for (var i = 0; i < label.length; i += width) lines.push(label.slice(i, i + width));
      return lines.join("\n");
    }
    function formatValue(name, value) {
      if (name === "status") return asList(value).map(function (v) { return S.statuses[statusCode(v)] || v; }).join("、");
      if (value === true) return "是";
      if (value === false) return "否";
      if (Array.isArray(value)) return value.join("、");
      return String(value);
    }
    function nodeTooltip(node) {
      var lines = [node.label, typeLabel(node.type) + " · " + node.type];
      if (node.aliases.length) lines.push("别名：" + node.aliases.join("、"));
      Object.keys(node.attributes).forEach(function (name) {
        lines.push((S.attributes[name] || name) + "：" + formatValue(name, node.attributes[name]));
      });
      return lines.join("\n");
    }
    function labelOf(id) { var n = nodes.get(id); return n ? n.fullLabel : id; }
    function edgeTooltip(edge, labels) {
      var lines = [relationLabel(edge.type) + "（" + edge.type + "）",
                   (labels[edge.source] || labelOf(edge.source)) + " → " + (labels[edge.target] || labelOf(edge.target))];
      edge.evidence.slice(0, S.evidenceInTooltip).forEach(function (item) {
        lines.push("「" + clip(item.sentence, S.sentenceInTooltip) + "」");
        var doc = item.document_label || documents[item.document] || item.document;
        if (doc) lines.push("—— " + doc);
      });
      if (edge.evidence.length > S.evidenceInTooltip) lines.push("……另有 " + (edge.evidence.length - S.evidenceInTooltip) + " 条证据");
      return lines.join("\n");
    }
    function year(value) {
      var items = asList(value);
      for (var i = 0; i < items.length; i++) {
        var y = parseInt(String(items[i]).slice(0, 4), 10);
        if (!isNaN(y)) return y;
      }
      return null;
    }
    function toVisNode(node, degree, position) {
      var st = typeStyle(node.type);
      var visNode = {
        id: node.id, label: wrapLabel(node.label), shape: st.shape,
        color: { background: st.colour, border: st.colour,
                 highlight: { background: st.colour, border: "#111827" },
                 hover: { background: st.colour, border: "#111827" } },
        title: nodeTooltip(node), size: Math.round((st.size + Math.min(14, 3 * Math.log2(1 + degree))) * 10) / 10,
        type: node.type, typeLabel: typeLabel(node.type), fullLabel: node.label, aliases: node.aliases,
        attributes: node.attributes, year: year(node.attributes.year),
        status: node.attributes.status ? statusCode(node.attributes.status) : null
      };
      if (["box", "database", "ellipse", "circle"].indexOf(st.shape) >= 0) visNode.font = { color: "#ffffff", strokeWidth: 0 };
      if (position) { visNode.x = position.x; visNode.y = position.y; }
      return visNode;
    }
    function toVisEdge(edge, labels) {
      var colour = (S.relations[edge.type] && S.relations[edge.type].colour) || "#94a3b8";
      var visEdge = {
        id: edge.source + "|" + edge.type + "|" + edge.target, from: edge.source, to: edge.target, arrows: "to",
        title: edgeTooltip(edge, labels), color: { color: colour, highlight: colour, hover: colour, opacity: 0.85 },
        type: edge.type, typeLabel: relationLabel(edge.type), attributes: edge.attributes,
        evidence: edge.evidence.map(function (e) {
          return Object.assign({}, e, { document_label: e.document_label || documents[e.document] || "" });
        })
      };
      if (showEdgeLabels) visEdge.label = relationLabel(edge.type);
      return visEdge;
    }

    // --- expanding a node in place

    function fromReservoir(id) {
      var reservoir = cfg.reservoir;
      var keep = {}, result = { nodes: [], edges: [] };
      keep[id] = true;
      reservoir.edges.forEach(function (edge) {
        if (edge.source === id || edge.target === id) {
          result.edges.push(edge);
          keep[edge.source] = true;
          keep[edge.target] = true;
        }
      });
      reservoir.nodes.forEach(function (node) { if (keep[node.id]) result.nodes.push(node); });
      return result;
    }

    function merge(data, parentId) {
      data.nodes.forEach(function (n) { if (n.type === "Document") documents[n.id] = n.label; });
      var parent = nodes.get(parentId);
      var background = {};
      S.background.forEach(function (name) { background[name] = true; });
      var newEdges = data.edges.filter(function (e) {
        return !background[e.type] || (parent && parent.type === "Document" && (e.source === parentId || e.target === parentId));
      });
      var touched = {}, degree = {};
      newEdges.forEach(function (e) {
        touched[e.source] = touched[e.target] = true;
        degree[e.source] = (degree[e.source] || 0) + 1;
        degree[e.target] = (degree[e.target] || 0) + 1;
      });
      var labels = {};
      data.nodes.forEach(function (n) { labels[n.id] = n.label; });
      var centre = parent ? network.getPosition(parentId) : { x: 0, y: 0 };
      var fresh = data.nodes.filter(function (n) {
        return !nodes.get(n.id) && (n.type !== "Document" || touched[n.id]);
      });
      var radius = 90 + 6 * fresh.length;
      var addedNodes = fresh.map(function (n, i) {
        var angle = (2 * Math.PI * i) / Math.max(1, fresh.length);
        return toVisNode(n, degree[n.id] || 0, { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
      });
      nodes.add(addedNodes);
      var addedEdges = newEdges.map(function (e) { return toVisEdge(e, labels); })
        .filter(function (e) { return !edges.get(e.id) && nodes.get(e.from) && nodes.get(e.to); });
      edges.add(addedEdges);
      buildFilters();
      refresh();
      return { nodes: addedNodes.length, edges: addedEdges.length };
    }

    function expand(id) {
      var node = nodes.get(id);
      if (!node || node.summary || state.expanded[id] || state.pending[id]) return Promise.resolve(null);
      var source;
      if (cfg.api) {
        var url = base + "/entities/" + encodeURIComponent(id) + "/neighbors?depth=1";
        source = fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        });
      } else if (cfg.reservoir) {
        source = Promise.resolve(fromReservoir(id));
      } else {
        return Promise.resolve(null);
      }
      state.pending[id] = true;
      say("正在展开「" + node.fullLabel + "」…");
      return source.then(function (data) {
        var added = merge(normalise(data), id);
        state.expanded[id] = true;
        say(added.nodes || added.edges
          ? "「" + node.fullLabel + "」：新增 " + added.nodes + " 个节点、" + added.edges + " 条关系"
          : "「" + node.fullLabel + "」没有新的邻居");
        if (panel && panel.getAttribute("data-node") === id) showNode(id);
        return added;
      }).catch(function (error) {
        say("展开失败：" + error.message, true);
        return null;
      }).then(function (result) {
        delete state.pending[id];
        return result;
      });
    }

    // --- status line, side panel, filters

    function counts() {
      return "显示 " + nodeView.length + " / " + nodes.length + " 个节点，" + edgeView.length + " 条关系";
    }
    function say(message, isError) {
      if (!statusLine) return;
      statusLine.textContent = message ? message + " · " + counts() : counts();
      statusLine.classList.toggle("error", !!isError);
    }

    function evidenceList(evidence) {
      var list = el("ol", { className: "evidence" });
      evidence.forEach(function (item) {
        var doc = item.document_label || documents[item.document] || item.document;
        list.appendChild(el("li", null, el("blockquote", { text: item.sentence }),
          doc ? el("cite", { text: doc }) : null));
      });
      return list;
    }

    function entityLinks(id) {
      if (!cfg.api) return null;
      return el("p", { className: "panel-links" },
        el("a", { href: pageUrl(base, id), className: "button", text: "打开实体页面" }), " ",
        el("a", { href: graphUrl(base, id), className: "button secondary", text: "以此为中心" }));
    }

    function showNode(id) {
      if (!panel) return;
      var node = nodes.get(id);
      if (!node) return;
      panel.setAttribute("data-node", id);
      var body = [el("h2", { text: node.fullLabel }),
                  el("p", null, el("span", { className: "type-chip", "data-type": node.type, text: node.typeLabel }),
                     " ", el("code", { text: node.summary ? "" : node.id }))];
      if (node.summary) {
        var count = node.attributes.count;
        body.push(el("p", { text: "这一类共有 " + count + " 个实体。" }));
        if (cfg.api) body.push(el("p", null, el("a", { className: "button", href: base + "/viz/overview?types=" + encodeURIComponent(node.type), text: "只看这一类及其关联" })));
      } else {
        if (node.aliases && node.aliases.length) body.push(el("p", { className: "aliases", text: "别名：" + node.aliases.join("、") }));
        var dl = el("dl", { className: "attributes" });
        Object.keys(node.attributes || {}).forEach(function (name) {
          dl.appendChild(el("dt", { text: S.attributes[name] || name }));
          dl.appendChild(el("dd", { text: formatValue(name, node.attributes[name]) }));
        });
        if (dl.childNodes.length) body.push(dl);
        var connected = network.getConnectedEdges(id).length;
        body.push(el("p", { className: "muted", text: "图中相连的关系：" + connected + " 条" +
          (state.expanded[id] ? "（已展开）" : cfg.api || cfg.reservoir ? "（单击节点即展开邻居）" : "") }));
        if (!state.expanded[id] && (cfg.api || cfg.reservoir)) {
          body.push(el("p", null, el("button", { type: "button", className: "button", text: "展开邻居",
            onclick: function () { expand(id); } })));
        }
        body.push(entityLinks(id));
      }
      panel.replaceChildren.apply(panel, body.filter(Boolean));
    }

    function showEdge(id) {
      if (!panel) return;
      var edge = edges.get(id);
      if (!edge) return;
      panel.setAttribute("data-node", "");
      var from = nodes.get(edge.from), to = nodes.get(edge.to);
      var body = [el("h2", { text: edge.typeLabel + "（" + edge.type + "）" }),
                  el("p", { className: "edge-ends" },
                     endLink(from), el("span", { className: "arrow", text: " → " }), endLink(to))];
      if (edge.attributes && Object.keys(edge.attributes).length) {
        var dl = el("dl", { className: "attributes" });
        Object.keys(edge.attributes).forEach(function (name) {
          dl.appendChild(el("dt", { text: name === "count" ? "数量" : (S.attributes[name] || name) }));
          dl.appendChild(el("dd", { text: formatValue(name, edge.attributes[name]) }));
        });
        body.push(dl);
      }
      if (edge.evidence && edge.evidence.length) {
        body.push(el("h3", { text: "证据（" + edge.evidence.length + "）" }));
        body.push(evidenceList(edge.evidence));
      }
      panel.replaceChildren.apply(panel, body);
    }

    function endLink(node) {
      if (!node) return el("span", { text: "?" });
      if (!cfg.api || node.summary) return el("strong", { text: node.fullLabel });
      return el("a", { href: pageUrl(base, node.id), text: node.fullLabel });
    }

    function refresh() {
      nodeView.refresh();
      edgeView.refresh();
      say("");
    }

    function buildFilters() {
      if (!filters) { say(""); return; }
      var byType = {}, years = {};
      state.degree = {};
      edges.forEach(function (e) {
        state.degree[e.from] = (state.degree[e.from] || 0) + 1;
        state.degree[e.to] = (state.degree[e.to] || 0) + 1;
      });
      nodes.forEach(function (n) {
        byType[n.type] = (byType[n.type] || 0) + (n.summary ? n.attributes.count : 1);
        if (n.year !== null && n.year !== undefined) years[n.year] = true;
      });
      var legend = el("ul", { className: "legend" });
      Object.keys(S.nodes).concat(Object.keys(byType).filter(function (t) { return !S.nodes[t]; }))
        .filter(function (t) { return byType[t]; })
        .forEach(function (type) {
          var st = typeStyle(type);
          var box = el("input", { type: "checkbox", "data-type": type });
          box.checked = !state.hiddenTypes[type];
          box.addEventListener("change", function () {
            if (box.checked) delete state.hiddenTypes[type]; else state.hiddenTypes[type] = true;
            refresh();
          });
          legend.appendChild(el("li", null, el("label", null, box,
            el("span", { className: "swatch shape-" + st.shape, style: "--swatch:" + st.colour }),
            el("span", { className: "legend-label", text: typeLabel(type) }),
            el("span", { className: "legend-count", text: String(byType[type]) }))));
        });
      var byRelation = {};
      edges.forEach(function (e) {
        var kinds = (e.attributes && e.attributes.relations) || {};
        if (!Object.keys(kinds).length) kinds[e.type] = 1;
        Object.keys(kinds).forEach(function (r) { byRelation[r] = (byRelation[r] || 0) + kinds[r]; });
      });
      var relationLegend = el("ul", { className: "legend relations" });
      Object.keys(S.relations).concat(Object.keys(byRelation).filter(function (r) { return !S.relations[r]; }))
        .filter(function (r) { return byRelation[r]; })
        .forEach(function (relation) {
          var box = el("input", { type: "checkbox", "data-relation": relation });
          box.checked = !state.hiddenRelations[relation];
          box.addEventListener("change", function () {
            if (box.checked) delete state.hiddenRelations[relation]; else state.hiddenRelations[relation] = true;
            refresh();
          });
          var colour = (S.relations[relation] && S.relations[relation].colour) || "#94a3b8";
          relationLegend.appendChild(el("li", null, el("label", { title: relation }, box,
            el("span", { className: "line", style: "--line:" + colour }),
            el("span", { className: "legend-label", text: relationLabel(relation) }),
            el("span", { className: "legend-count", text: String(byRelation[relation]) }))));
        });
      var yearSelect = el("select", { id: "filter-year", "aria-label": "年份" }, el("option", { value: "", text: "全部年份" }));
      Object.keys(years).sort().forEach(function (y) { yearSelect.appendChild(el("option", { value: y, text: y + " 年" })); });
      yearSelect.value = years[state.year] ? state.year : "";
      state.year = yearSelect.value;
      yearSelect.addEventListener("change", function () { state.year = yearSelect.value; refresh(); });
      var statusSelect = el("select", { id: "filter-status", "aria-label": "项目状态" }, el("option", { value: "", text: "全部项目状态" }));
      Object.keys(S.statuses).forEach(function (code) { statusSelect.appendChild(el("option", { value: code, text: S.statuses[code] })); });
      statusSelect.value = state.status;
      statusSelect.addEventListener("change", function () { state.status = statusSelect.value; refresh(); });
      var isolatedBox = el("input", { type: "checkbox", id: "filter-isolated" });
      isolatedBox.checked = state.hideIsolated;
      isolatedBox.addEventListener("change", function () { state.hideIsolated = isolatedBox.checked; refresh(); });
      var isolated = nodes.get({ filter: function (n) { return !state.degree[n.id]; } }).length;
      var reset = el("button", { type: "button", className: "button secondary", text: "重置筛选",
        onclick: function () {
          state.hiddenTypes = {}; state.hiddenRelations = {}; state.year = ""; state.status = ""; state.hideIsolated = false;
          buildFilters(); refresh();
        } });
      var fit = el("button", { type: "button", className: "button secondary", text: "适应窗口",
        onclick: function () { network.fit({ animation: { duration: 300 } }); } });
      var parts = [el("h3", { text: "节点类型（勾选以显示）" }), legend];
      if (relationLegend.childNodes.length) parts.push(el("h3", { text: "关系类型" }), relationLegend);
      parts.push(el("h3", { text: "年份与项目状态" }), el("div", { className: "selects" }, yearSelect, statusSelect));
      if (isolated) {
        parts.push(el("label", { className: "isolated" }, isolatedBox, " 隐藏没有关系的节点（" + isolated + "）"));
      }
      parts.push(el("div", { className: "filter-buttons" }, reset, fit));
      filters.replaceChildren.apply(filters, parts);
      say("");
    }

    // --- events

    network.on("click", function (params) {
      if (params.nodes.length) {
        var id = params.nodes[0];
        showNode(id);
        expand(id);
      } else if (params.edges.length) {
        showEdge(params.edges[0]);
      }
    });
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) return;
      var node = nodes.get(params.nodes[0]);
      if (!node) return;
      if (node.summary) { if (cfg.api) window.location.href = base + "/viz/overview?types=" + encodeURIComponent(node.type); }
      else if (cfg.api) window.location.href = pageUrl(base, node.id);
    });

    function done() {
      if (api.ready) return;
      api.ready = true;
      container.setAttribute("data-ready", "1");
      if (loading) loading.hidden = true;
      network.fit();
      // A little air around the picture: fit() frames the nodes, not their labels.
      network.moveTo({ scale: network.getScale() * 0.92 });
    }
    network.on("stabilizationProgress", function (params) {
      if (!loading) return;
      var bar = loading.querySelector(".bar span");
      if (bar) bar.style.width = Math.round((100 * params.iterations) / params.total) + "%";
    });
    network.once("stabilizationIterationsDone", done);
    network.once("stabilized", done);
    setTimeout(done, 8000); // never leave the page behind a loading veil

    buildFilters();
    if (cfg.focus && nodes.get(cfg.focus)) showNode(cfg.focus);
    return api;
  }

  // ------------------------------------------------------------------------------------ start

  function start() {
    var forms = document.querySelectorAll("form.ykg-search");
    for (var i = 0; i < forms.length; i++) initSearch(forms[i]);
    var scripts = document.querySelectorAll("script.ykg-graph");
    var graphs = [];
    for (var j = 0; j < scripts.length; j++) {
      var container = document.getElementById(scripts[j].getAttribute("data-container"));
      if (!container || typeof vis === "undefined") continue;
      graphs.push(initGraph(JSON.parse(scripts[j].textContent), container));
    }
    if (graphs.length) {
      window.ykg = graphs[0];
      window.ykg.all = graphs;
      window.network = graphs[0].network;
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
