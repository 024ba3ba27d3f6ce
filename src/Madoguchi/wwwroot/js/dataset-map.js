// The map of a dataset's points (progressive enhancement: without script the table of rows is the content). Points are
// drawn as vector circles from the dataset's GeoJSON, so they show even when the background tiles cannot be reached.
(function () {
  'use strict';
  if (!window.L || !window.fetch) {
    return;
  }

  document.querySelectorAll('[data-dataset-map]').forEach(function (element) {
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    map.setView([40.807, 140.446], 11);
    fetch(element.dataset.geojson)
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 8, color: '#0017C1', weight: 2, fillColor: '#0031D8', fillOpacity: 0.8 });
          },
          onEachFeature: function (feature, marker) {
            var label = document.createElement('span');
            label.textContent = (feature.properties && feature.properties.name) || '';
            marker.bindPopup(label);
          }
        }).addTo(map);
        if (layer.getLayers().length > 0) {
          map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [24, 24] });
        }
        element.setAttribute('data-points', String(layer.getLayers().length));
      });
  });
})();
