// The public map (issue 14): Leaflet without tiles, the district's land under the public facilities' points.
(function () {
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const colours = { permit_valid: "#067647", registered: "#1d4ed8", permit_expired: "#b54708", none: "#b42318" };
  const b = el.dataset.bbox.split(",").map(Number);
  const map = L.map(el, { preferCanvas: true, zoomSnap: 0.25, attributionControl: false });
  if (b.every((x) => !Number.isNaN(x))) map.fitBounds([[b[0], b[1]], [b[2], b[3]]]);
  if (el.dataset.basemap) {
    map.createPane("land").style.zIndex = 250;
    fetch(el.dataset.basemap)
      .then((r) => (r.ok ? r.json() : null))
      .then((land) => {
        if (land) L.geoJSON(land, { pane: "land", interactive: false,
          style: { color: "#8aa4c2", weight: 1, fillColor: "#f7f5ee", fillOpacity: 1 } }).addTo(map);
      });
  }
  fetch(el.dataset.src)
    .then((r) => r.json())
    .then((data) => {
      L.geoJSON(data, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, weight: 1, color: "#fff",
          fillColor: colours[f.properties.status] || "#667085", fillOpacity: 0.9 }),
        onEachFeature: (f, layer) => {
          const link = document.createElement("a");
          link.href = f.properties.url;
          link.textContent = f.properties.name;
          const popup = document.createElement("div");
          popup.append(link, document.createElement("br"), document.createTextNode(f.properties.town));
          layer.bindPopup(popup);
        },
      }).addTo(map);
      const count = document.getElementById("map-count");
      if (count) count.textContent = data.features.length;
    });
})();
