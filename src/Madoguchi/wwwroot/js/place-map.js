// The map of a place given in an answer (the case page): the point marked at street level. Without script the
// coordinates and the link to 地理院地図 are the content.
(function () {
  'use strict';
  if (!window.L) {
    return;
  }

  document.querySelectorAll('[data-place-map]').forEach(function (element) {
    var point = [Number(element.dataset.lat), Number(element.dataset.lng)];
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false }).setView(point, 17);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    L.circleMarker(point, { radius: 10, color: '#ce0000', weight: 3, fillColor: '#ec0000', fillOpacity: 0.6 }).addTo(map);
  });
})();
