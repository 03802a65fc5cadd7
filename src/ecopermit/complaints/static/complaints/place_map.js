// The public complaint form's map: Leaflet without tiles (the district's basemap); a click marks the place.
(function () {
  const el = document.getElementById("place-map");
  if (!el || !window.L) return;
  const lat = document.getElementById(el.dataset.latInput);
  const lon = document.getElementById(el.dataset.lonInput);
  const info = document.getElementById("place-picked");
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
  if (el.dataset.bbox) {
    const b = el.dataset.bbox.split(",").map(Number);
    map.fitBounds([[b[0], b[1]], [b[2], b[3]]]);
  } else {
    map.setView([30.02, 122.1], 11);
  }
  if (el.dataset.basemap) {
    fetch(el.dataset.basemap)
      .then((r) => (r.ok ? r.json() : null))
      .then((land) => {
        if (land) L.geoJSON(land, { interactive: false,
          style: { color: "#9fb3a4", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(map);
      });
  }
  let marker = null;
  function mark(latlng) {
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    info.textContent = info.dataset.picked + " " + lat.value + ", " + lon.value;
  }
  if (lat.value && lon.value) mark(L.latLng(Number(lat.value), Number(lon.value)));
  map.on("click", (e) => mark(e.latlng));
  const anon = document.querySelector("input[name=anonymous]");
  const contact = document.getElementById("contact");
  if (anon && contact) {
    const sync = () => { contact.hidden = anon.checked; };
    anon.addEventListener("change", sync);
    sync();
  }
})();
