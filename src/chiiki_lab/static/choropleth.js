/* chiiki_lab choropleth: draws one TopoJSON object, each feature coloured from a compact table.
 * Part of chiiki_lab (MIT). Needs Leaflet and topojson-client, both inlined in the same page.
 * cfg: names[i], cls[i] (class index, -1 = no data), val[i] (formatted value or null), colors,
 * noData (colour), noDataText, label, extra [[label, values[i]]...], prefs {"01": "北海道"} or null,
 * prefBorders, highlight (feature index or -1), legend / title / attribution (HTML). */
function chiikiLabChoropleth(map, topo, cfg) {
  "use strict";
  var object = topo.objects.features;
  var features = topojson.feature(topo, object).features;
  features.forEach(function (f, i) { f.properties = {i: i}; });

  function shown(v) { return v === null ? cfg.noDataText : v; }
  function tooltip(i) {
    var pref = cfg.prefs ? cfg.prefs[features[i].id.slice(0, 2)] + " " : "";
    var html = "<b>" + pref + cfg.names[i] + "</b><br>" + cfg.label + ": " + shown(cfg.val[i]);
    cfg.extra.forEach(function (e) { html += "<br>" + e[0] + ": " + shown(e[1][i]); });
    return html;
  }
  function addControl(html, position, className) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", className);
      div.innerHTML = html;
      return div;
    };
    control.addTo(map);
  }

  L.geoJSON(features, {
    style: function (f) {
      var c = cfg.cls[f.properties.i];
      return {fillColor: c < 0 ? cfg.noData : cfg.colors[c], fillOpacity: 0.85,
              color: "#ffffff", weight: 0.5, opacity: 0.9};
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(function () { return tooltip(f.properties.i); }, {sticky: true});
    }
  }).addTo(map);
  if (cfg.prefBorders) {
    var borders = topojson.mesh(topo, object, function (a, b) { return a.id.slice(0, 2) !== b.id.slice(0, 2); });
    L.geoJSON(borders, {style: {color: "#555555", weight: 1, opacity: 0.8}, interactive: false}).addTo(map);
  }
  if (cfg.highlight >= 0) {
    L.geoJSON(features[cfg.highlight], {style: {color: "#000000", weight: 3.5, fill: false},
                                        interactive: false, className: "chiiki-highlight"}).addTo(map);
  }
  addControl(cfg.legend, "bottomright", "chiiki-legend");
  if (cfg.title) { addControl(cfg.title, "topright", "chiiki-title"); }
  map.attributionControl.addAttribution(cfg.attribution);
}
