/*
 * Commune choropleth, drawn offline in SVG. The page embeds its values (a json_script element
 * of referentiel/components/carte_communes.html: data, not code) and the addresses of the
 * static contour files, fetched once (same origin, cached by the browser) for every map.
 * Equirectangular projection corrected by cos(latitude): faithful enough at the scale of a
 * département. The table next to the map carries the same data for every reader.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var WIDTH = 600;

  function rings(geometry) {
    if (!geometry) {
      return [];
    }
    if (geometry.type === "Polygon") {
      return geometry.coordinates;
    }
    if (geometry.type === "MultiPolygon") {
      return geometry.coordinates.reduce(function (all, polygon) {
        return all.concat(polygon);
      }, []);
    }
    return [];
  }

  function bounds(geometries) {
    var box = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
    geometries.forEach(function (geometry) {
      rings(geometry).forEach(function (ring) {
        ring.forEach(function (point) {
          box.minLon = Math.min(box.minLon, point[0]);
          box.maxLon = Math.max(box.maxLon, point[0]);
          box.minLat = Math.min(box.minLat, point[1]);
          box.maxLat = Math.max(box.maxLat, point[1]);
        });
      });
    });
    return box;
  }

  function projection(box) {
    var k = Math.cos(((box.minLat + box.maxLat) / 2) * Math.PI / 180);
    var spanLon = Math.max((box.maxLon - box.minLon) * k, 1e-6);
    var spanLat = Math.max(box.maxLat - box.minLat, 1e-6);
    var scale = WIDTH / spanLon;
    return {
      width: WIDTH,
      height: Math.ceil(spanLat * scale),
      point: function (p) {
        return ((p[0] - box.minLon) * k * scale).toFixed(1) + "," +
          ((box.maxLat - p[1]) * scale).toFixed(1);
      },
      // From a point of the SVG back to coordinates (the map picker of a form uses it).
      lonLat: function (x, y) {
        return { lon: box.minLon + x / (k * scale), lat: box.maxLat - y / scale };
      }
    };
  }

  function pathData(geometry, project) {
    return rings(geometry).map(function (ring) {
      return "M" + ring.map(project.point).join("L") + "Z";
    }).join("");
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  var loaded = {};

  function load(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          throw new Error(url);
        }
        return response.json();
      });
    }
    return loaded[url];
  }

  // Features of the communes the page lists, in its order, from the contour files.
  function featuresOf(data, collections) {
    var byCode = {};
    collections.forEach(function (collection) {
      (collection.features || []).forEach(function (feature) {
        byCode[feature.properties.code] = feature.geometry;
      });
    });
    return Object.keys(data.communes || {}).filter(function (code) {
      return byCode[code];
    }).map(function (code) {
      var value = data.communes[code];
      return {
        geometry: byCode[code],
        properties: {
          code: code, libelle: value[0], couleur: value[1], surligne: !!value[2], groupe: value[3]
        }
      };
    });
  }

  function draw(container) {
    if (container.getAttribute("data-carte-dessinee") || container.getAttribute("data-carte-en-cours")) {
      return;
    }
    var source = document.getElementById(container.getAttribute("data-carte-donnees"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (data.features) {
      render(container, data, data.features, data.fond);
      return;
    }
    container.setAttribute("data-carte-en-cours", "1");
    var fond = data.fond ? load(data.fond) : Promise.resolve(null);
    Promise.all([Promise.all((data.contours || []).map(load)), fond]).then(function (loadedData) {
      var fondFeatures = loadedData[1] && loadedData[1].features;
      var fondGeometry = fondFeatures && fondFeatures.length ? fondFeatures[0].geometry : null;
      render(container, data, featuresOf(data, loadedData[0]), fondGeometry);
    }).catch(function () {
      container.textContent = "Les contours de la carte n'ont pas pu être chargés : voir le tableau.";
    }).then(function () {
      container.removeAttribute("data-carte-en-cours");
    });
  }

  // Thick lines between groups (the EPCI of each commune, on a map by EPCI): the edges that
  // one commune alone has (the outer border) or that two communes of different groups share.
  // Commune contours share their vertices, so an edge is found by its projected end points.
  function groupLimits(features, project) {
    var edges = {};
    features.forEach(function (feature) {
      var groupe = feature.properties.groupe;
      rings(feature.geometry).forEach(function (ring) {
        var points = ring.map(project.point);
        for (var i = 1; i < points.length; i++) {
          var a = points[i - 1];
          var b = points[i];
          if (a === b) {
            continue;
          }
          var key = a < b ? a + "L" + b : b + "L" + a;
          var edge = edges[key];
          if (!edge) {
            edges[key] = { groupe: groupe, limite: true };
          } else {
            edge.limite = edge.groupe !== groupe;
          }
        }
      });
    });
    return Object.keys(edges).filter(function (key) {
      return edges[key].limite;
    }).map(function (key) {
      return "M" + key;
    }).join("");
  }

  function render(container, data, features, fond) {
    if (!features.length && !fond) {
      container.textContent = "Aucune commune de cette carte n'a de contour : voir le tableau.";
      container.setAttribute("data-carte-dessinee", "1");
      return;
    }
    var geometries = features.map(function (f) { return f.geometry; });
    if (fond) {
      geometries.push(fond);
    }
    var project = projection(bounds(geometries));
    var titleId = container.getAttribute("data-carte-titre") + "-svg";
    var svg = element("svg", {
      viewBox: "0 0 " + project.width + " " + project.height,
      role: "img",
      "aria-labelledby": titleId,
      focusable: "false",
      preserveAspectRatio: "xMidYMid meet"
    });
    var title = element("title", { id: titleId });
    title.textContent = data.resume || data.titre || "Carte des communes";
    svg.appendChild(title);

    if (fond) {
      svg.appendChild(element("path", { "class": "carte__fond", d: pathData(fond, project) }));
    }
    // The highlighted commune last, so that its thick outline is not covered.
    features.slice().sort(function (a, b) {
      return (a.properties.surligne ? 1 : 0) - (b.properties.surligne ? 1 : 0);
    }).forEach(function (feature) {
      var props = feature.properties || {};
      var path = element("path", {
        "class": "carte__commune" + (props.surligne ? " carte__commune--surlignee" : ""),
        d: pathData(feature.geometry, project),
        fill: props.couleur || "#d9d9d9",
        "data-code": props.code || ""
      });
      var tooltip = element("title", {});
      tooltip.textContent = props.libelle || props.nom || props.code || "";
      path.appendChild(tooltip);
      svg.appendChild(path);
    });
    if (features.some(function (f) { return f.properties.groupe !== undefined; })) {
      svg.appendChild(element("path", { "class": "carte__limite", d: groupLimits(features, project) }));
    }

    container.textContent = "";
    container.appendChild(svg);
    container.carteVersLonLat = project.lonLat;
    container.setAttribute("data-carte-dessinee", "1");
    // Drawing may follow a fetch: scripts that decorate the map (choix-commune.js) wait for this.
    container.dispatchEvent(new CustomEvent("carte:dessinee", { bubbles: true }));
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-carte-communes]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  // Maps inserted later by htmx are drawn too.
  document.addEventListener("htmx:afterSettle", drawAll);
})();
