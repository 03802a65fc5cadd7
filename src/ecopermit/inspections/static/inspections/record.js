// The inspection form on a phone: fill latitude/longitude from the device's position on request.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("inspections-locate");
  if (!button || !navigator.geolocation) { if (button) button.hidden = true; return; }
  button.addEventListener("click", () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition((pos) => {
      document.getElementById("id_lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_lon").value = pos.coords.longitude.toFixed(6);
      button.disabled = false;
    }, () => { button.disabled = false; button.textContent = button.dataset.failed; }, { enableHighAccuracy: true, timeout: 15000 });
  });
});
