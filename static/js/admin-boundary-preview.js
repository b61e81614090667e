/* The district form of the back office: draws the boundary chosen as a file (GeoJSON or
   KML) or pasted into the field at once, beside the other districts, in the browser. The
   same projection as quartier/maps.py; nothing is sent anywhere, the server checks and
   converts the shape when the form is saved. */
(function () {
  "use strict";

  function start() {
    const SVG = "http://www.w3.org/2000/svg";
    const WIDTH = 600;
    const PADDING = 12;

    const box = document.querySelector("[data-boundary-preview]");
    const neighboursData = document.getElementById("boundary-neighbours");
    if (!box || !neighboursData) {
      return;
    }
    const textarea = document.getElementById("id_boundary");
    const fileInput = document.getElementById("id_boundary_file");
    const picture = box.querySelector(".boundary-preview__map");
    const status = box.querySelector(".boundary-preview__status");
    const neighbours = JSON.parse(neighboursData.textContent);
    const maxBytes = Number(box.dataset.maxBytes);

    function polygonsOfGeoJSON(value) {
      const found = [];
      const stack = [value];
      while (stack.length) {
        const item = stack.pop();
        if (!item || typeof item !== "object") {
          continue;
        }
        if (item.type === "FeatureCollection" && Array.isArray(item.features)) {
          stack.push(...item.features);
        } else if (item.type === "Feature") {
          stack.push(item.geometry);
        } else if (item.type === "GeometryCollection" && Array.isArray(item.geometries)) {
          stack.push(...item.geometries);
        } else if (item.type === "Polygon" && Array.isArray(item.coordinates)) {
          found.push(item.coordinates);
        } else if (item.type === "MultiPolygon" && Array.isArray(item.coordinates)) {
          found.push(...item.coordinates);
        }
      }
      return found;
    }

    function ringOfKML(boundary) {
      const coordinates = boundary.getElementsByTagNameNS("*", "coordinates")[0];
      if (!coordinates) {
        return [];
      }
      return coordinates.textContent.trim().split(/\s+/).map(function (triple) {
        return triple.split(",").slice(0, 2).map(Number);
      });
    }

    function polygonsOfKML(text) {
      // DOMParser loads no external entities and runs no scripts.
      const doc = new DOMParser().parseFromString(text, "application/xml");
      if (doc.getElementsByTagName("parsererror").length) {
        throw new Error("unreadable");
      }
      return Array.from(doc.getElementsByTagNameNS("*", "Polygon")).map(function (polygon) {
        const rings = [];
        Array.from(polygon.children).forEach(function (child) {
          if (child.localName === "outerBoundaryIs" || child.localName === "innerBoundaryIs") {
            rings.push(ringOfKML(child));
          }
        });
        return rings;
      });
    }

    function usable(point) {
      return Array.isArray(point) && Number.isFinite(point[0]) && Number.isFinite(point[1]) &&
        Math.abs(point[0]) <= 180 && Math.abs(point[1]) <= 90;
    }

    function rings(polygons) {
      const all = [];
      polygons.forEach(function (polygon) {
        (Array.isArray(polygon) ? polygon : []).forEach(function (ring) {
          const points = (Array.isArray(ring) ? ring : []).filter(usable);
          if (points.length >= 3) {
            all.push(points);
          }
        });
      });
      return all;
    }

    function projection(allRings) {
      let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
      allRings.forEach(function (ring) {
        ring.forEach(function (p) {
          minLon = Math.min(minLon, p[0]); maxLon = Math.max(maxLon, p[0]);
          minLat = Math.min(minLat, p[1]); maxLat = Math.max(maxLat, p[1]);
        });
      });
      const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
      const spanX = (maxLon - minLon) * kx;
      const spanY = maxLat - minLat;
      const inner = WIDTH - 2 * PADDING;
      const scale = inner / Math.max(spanX, spanY, 1e-9);
      const height = Math.max(Math.round(spanY * scale + 2 * PADDING), Math.floor(WIDTH / 3));
      const offsetX = (inner - spanX * scale) / 2;
      const offsetY = (height - 2 * PADDING - spanY * scale) / 2;
      return {
        height: height,
        path: function (shapeRings) {
          return shapeRings.map(function (ring) {
            return "M" + ring.map(function (p) {
              const x = PADDING + offsetX + (p[0] - minLon) * kx * scale;
              const y = PADDING + offsetY + (maxLat - p[1]) * scale;
              return x.toFixed(1) + " " + y.toFixed(1);
            }).join(" L") + " Z";
          }).join(" ");
        }
      };
    }

    function draw(polygons) {
      const own = rings(polygons);
      if (!own.length) {
        show(box.dataset.msgNoArea);
        return;
      }
      const others = neighbours.map(function (n) { return rings(polygonsOfGeoJSON(n.boundary)); });
      const project = projection(own.concat(...others));
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("class", "map");
      svg.setAttribute("id", "boundary-map");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-labelledby", "boundary-map-title");
      svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + project.height);
      svg.setAttribute("width", WIDTH);
      svg.setAttribute("height", project.height);
      const title = document.createElementNS(SVG, "title");
      title.setAttribute("id", "boundary-map-title");
      title.textContent = box.dataset.mapTitle;
      svg.appendChild(title);
      function addPath(shapeRings, css) {
        const path = document.createElementNS(SVG, "path");
        path.setAttribute("class", css);
        path.setAttribute("fill-rule", "evenodd");
        path.setAttribute("d", project.path(shapeRings));
        svg.appendChild(path);
      }
      others.forEach(function (shapeRings) {
        if (shapeRings.length) {
          addPath(shapeRings, "map__context");
        }
      });
      addPath(own, "map__current boundary-preview__chosen");
      picture.replaceChildren(svg);
      status.textContent = box.dataset.msgDrawn;
    }

    function show(message) {
      picture.replaceChildren();
      status.textContent = message;
    }

    function drawText(text, kml) {
      try {
        const trimmed = text.replace(/^\uFEFF/, "").trim();
        if (!trimmed) {
          show(box.dataset.msgEmpty);
          return;
        }
        draw(kml || trimmed.startsWith("<") ? polygonsOfKML(trimmed) : polygonsOfGeoJSON(JSON.parse(trimmed)));
      } catch (error) {
        show(box.dataset.msgUnreadable);
      }
    }

    if (fileInput) {
      fileInput.addEventListener("change", function () {
        const file = fileInput.files[0];
        if (!file) {
          drawText(textarea ? textarea.value : "", false);
          return;
        }
        if (file.size > maxBytes) {
          show(box.dataset.msgTooLarge);
          return;
        }
        file.text().then(function (text) {
          drawText(text, /\.kml$/i.test(file.name));
        }, function () {
          show(box.dataset.msgUnreadable);
        });
      });
    }

    if (textarea) {
      let timer = null;
      textarea.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (!fileInput || !fileInput.files.length) {
            drawText(textarea.value, false);
          }
        }, 300);
      });
    }
  }

  // The admin loads its media in the page head: wait for the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
