// Facility map: Leaflet without tiles; markers coloured by permit status, towns labelled with their counts.
(function () {
  const el = document.getElementById("map");
  if (!el || !window.L) return;
  const colours = { permit_valid: "#067647", registered: "#1d4ed8", permit_expired: "#b54708", none: "#b42318" };
  const b = el.dataset.bbox.split(",").map(Number);
  const map = L.map(el, { preferCanvas: true, zoomSnap: 0.25, attributionControl: false });
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]]);
  // The district's land and islands under the points (core/basemap.geojson); the sea is the map's background.
  if (el.dataset.basemap) {
    map.createPane("land").style.zIndex = 250;
    fetch(el.dataset.basemap, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((land) => {
        if (land) L.geoJSON(land, { pane: "land", interactive: false,
          style: { color: "#9fb3a4", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(map);
      });
  }
  fetch(el.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      const layer = L.layerGroup().addTo(map);
      const bounds = [];
      for (const [pk, name, lat, lon, status, town] of data.points) {
        bounds.push([lat, lon]);
        const link = document.createElement("a");
        link.href = data.detail_base + pk + "/";
        link.textContent = name;
        const popup = document.createElement("div");
        popup.append(link, document.createElement("br"), document.createTextNode(town));
        L.circleMarker([lat, lon], {
          radius: 5, weight: 1, color: "#fff", fillColor: colours[status] || "#667085", fillOpacity: 0.9,
        }).bindPopup(popup).addTo(layer);
      }
      for (const t of data.towns) {
        if (t.lat == null) continue;
        L.marker([t.lat, t.lon], { opacity: 0 })
          .bindTooltip(t.name + " " + t.count, { permanent: true, direction: "center", className: "town-label" })
          .addTo(map);
      }
      if (bounds.length) map.fitBounds(bounds, { padding: [30, 30] });
      document.getElementById("map-count").textContent = data.points.length + " " + el.dataset.countLabel;
    });
})();
