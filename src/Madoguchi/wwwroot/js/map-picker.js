// A place question's map (progressive enhancement: without script the latitude and longitude boxes are the question,
// and the place in words stays the required answer). A tap or click on the map, 現在地, or "the centre of the map"
// (for keyboard users, who move the map with the arrow keys) puts the mark and fills the boxes; typing in the boxes
// moves the mark. Nothing is sent anywhere but with the form.
(function () {
  'use strict';
  if (!window.L) {
    return;
  }

  function number(input) {
    var text = (input.value || '').normalize('NFKC').trim();
    var value = Number(text);
    return text !== '' && isFinite(value) ? value : null;
  }

  document.querySelectorAll('[data-map-picker]').forEach(function (fieldset) {
    var tools = fieldset.querySelector('.map-picker__tools');
    var element = fieldset.querySelector('.map-picker');
    var status = fieldset.querySelector('[data-map-status]');
    var inputs = fieldset.querySelectorAll('.map-field__coordinates input');
    var lat = inputs[0];
    var lng = inputs[1];
    tools.hidden = false;

    var map = L.map(element, { scrollWheelZoom: false });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(fieldset.dataset.tiles, { attribution: fieldset.dataset.attribution, maxZoom: 18 }).addTo(map);
    var mark = null;

    function show(latitude, longitude, announce) {
      var point = L.latLng(latitude, longitude);
      if (mark) {
        mark.setLatLng(point);
      } else {
        mark = L.circleMarker(point, { radius: 10, color: '#ce0000', weight: 3, fillColor: '#ec0000', fillOpacity: 0.6 }).addTo(map);
      }
      if (announce) {
        status.textContent = fieldset.dataset.marked || '';
      }
    }

    function place(point) {
      lat.value = point.lat.toFixed(6);
      lng.value = point.lng.toFixed(6);
      show(point.lat, point.lng, true);
    }

    var start = number(lat) !== null && number(lng) !== null;
    if (start) {
      map.setView([number(lat), number(lng)], 17);
      show(number(lat), number(lng), false);
    } else {
      map.setView([Number(fieldset.dataset.centerLat), Number(fieldset.dataset.centerLng)], 15);
    }

    map.on('click', function (event) { place(event.latlng); });
    fieldset.querySelector('[data-map-centre]').addEventListener('click', function () { place(map.getCenter()); });
    fieldset.querySelector('[data-map-clear]').addEventListener('click', function () {
      lat.value = '';
      lng.value = '';
      if (mark) {
        map.removeLayer(mark);
        mark = null;
      }
      status.textContent = fieldset.dataset.cleared || '';
    });

    var locate = fieldset.querySelector('[data-map-locate]');
    if (!navigator.geolocation) {
      locate.hidden = true;
    }
    locate.addEventListener('click', function () {
      status.textContent = fieldset.dataset.locating || '';
      navigator.geolocation.getCurrentPosition(function (position) {
        var point = L.latLng(position.coords.latitude, position.coords.longitude);
        map.setView(point, 17);
        place(point);
      }, function () {
        status.textContent = fieldset.dataset.locateFailed || '';
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });

    [lat, lng].forEach(function (input) {
      input.addEventListener('change', function () {
        if (number(lat) !== null && number(lng) !== null) {
          show(number(lat), number(lng), false);
          map.setView([number(lat), number(lng)], Math.max(map.getZoom(), 16));
        }
      });
    });
  });
})();
