// Hot spots: circles sized by the number of complaints (a group counts once) on the district's basemap.
(function () {
  const el = document.getElementById("hotspot-map");
  if (!el || !window.L) return;
  const b = el.dataset.bbox.split(",").map(Number);
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]]);
  map.createPane("land").style.zIndex = 250;
  fetch(el.dataset.basemap, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null))
    .then((land) => {
      if (land) L.geoJSON(land, { pane: "land", interactive: false,
        style: { color: "#9fb3a4", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(map);
    });
  fetch(el.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      const bounds = [];
      for (const p of data.points) {
        bounds.push([p.lat, p.lon]);
        const box = document.createElement("div");
        const title = document.createElement("strong");
        title.textContent = p.label + " · " + p.count;
        box.append(title, document.createElement("br"), document.createTextNode(p.kinds));
        L.circleMarker([p.lat, p.lon], {
          radius: 5 + 3 * Math.sqrt(p.count), weight: 1, color: "#fff",
          fillColor: p.upheld ? "#b42318" : "#b54708", fillOpacity: 0.8,
        }).bindPopup(box).addTo(map);
      }
      if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 14 });
    });
})();
