/* Dashboard charts (Apache ECharts, vendored). Data comes from /api/v1/dashboard/…; clicks open the
   filtered pages. No inline script: labels arrive in a JSON script element. */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || typeof echarts === "undefined") { return; }
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var agency = root.dataset.agency;
  // The lights' colours are CSS variables set from core.lights (base.html): one definition for every page.
  var css = getComputedStyle(document.documentElement);
  var colours = {};
  ["red", "yellow", "green", "grey"].forEach(function (light) {
    colours[light] = css.getPropertyValue("--light-" + light).trim();
  });
  var charts = [];

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + " → " + r.status); }
      return r.json();
    });
  }
  var asOf = root.dataset.asOf;  // a past view: every chart reads that day's snapshot
  function scoped(url) {
    var params = [];
    if (agency) { params.push("agency=" + agency); }
    if (asOf) { params.push("as_of=" + asOf); }
    return params.length ? url + (url.indexOf("?") < 0 ? "?" : "&") + params.join("&") : url;
  }
  function chartIn(el) { var chart = echarts.init(el); charts.push(chart); return chart; }
  function fail(el, error) { el.textContent = labels.no_data; console.warn(error); }

  var LIGHTS = ["red", "yellow", "green", "grey"];
  var groupsEl = document.getElementById("chart-groups");
  if (groupsEl) {
    get(scoped(groupsEl.dataset.url)).then(function (rows) {
      var chart = chartIn(groupsEl);
      chart.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.title.slice(0, 14); }) },
        series: LIGHTS.map(function (light) {
          return { name: labels[light], type: "bar", stack: "lights", itemStyle: { color: colours[light] },
                   data: rows.map(function (r) { return r[light]; }) };
        })
      });
      // A click on a bar's red part opens that group's red items (each part its own light).
      chart.on("click", function (p) {
        var url = groupsEl.dataset.link + "?group=" + rows[p.dataIndex].number + "&light=" + LIGHTS[p.seriesIndex];
        window.location.href = url + (agency ? "&agency=" + agency : "") + (asOf ? "&as_of=" + asOf : "");
      });
      groupsEl.dataset.ready = "1";
    }).catch(function (e) { fail(groupsEl, e); });
  }

  var mapEl = document.getElementById("chart-map");
  var measure = document.getElementById("map-measure");
  var mapNote = document.getElementById("map-note");
  if (mapEl) {
    var mapChart;
    var drawMap = function () {
      var option = measure.options[measure.selectedIndex];
      var indicator = option.dataset.indicator;
      var unit = indicator ? (option.dataset.unit || "") : "%";
      var url = mapEl.dataset.url + "?measure=" + option.value +
        (indicator ? "&indicator=" + encodeURIComponent(indicator) : "");
      get(url).then(function (rows) {
        var values = rows.map(function (r) { return r.value; }).filter(function (v) { return v !== null; });
        // Rates are read on the whole 0–100% scale (half the reports in is half-way, not the top colour); an
        // indicator's values from 0 to the highest reported.
        var max = indicator ? Math.max.apply(null, values.concat([0])) || 1 : 100;
        // On a phone the legend lies under the map instead of over its left side.
        var narrow = mapEl.clientWidth < 560;
        mapChart.setOption({
          tooltip: { trigger: "item", formatter: function (p) {
            var d = p.data || {};
            var line = function (key, suffix) {
              return labels[key] + ": " + (d[key] === null || d[key] === undefined ? "—" : d[key] + (suffix || ""));
            };
            var value = indicator ? line("indicator", unit) + (d.indicator_pending ? " (" + labels.pending + ")" : "") : null;
            return [p.name, line("reporting_rate", "%"), line("on_time_rate", "%"), line("red_share", "%"),
                    value].filter(Boolean).join("<br>");
          } },
          visualMap: { min: 0, max: max, calculable: false, text: [max + unit, "0" + unit], itemWidth: 12,
                       orient: narrow ? "horizontal" : "vertical", left: narrow ? "center" : 0, bottom: 0,
                       itemHeight: narrow ? 160 : 110,
                       inRange: { color: option.value === "red_share"
                         ? ["#fff5f5", colours.red] : ["#f8d7da", colours.yellow, colours.green] } },
          series: [{ type: "map", map: "yunnan", roam: false, top: 8, bottom: narrow ? 64 : 8,
                     left: narrow ? 0 : 80, right: 0,
                     label: { show: true, fontSize: narrow ? 9 : 11, color: "#212529",
                              formatter: function (p) { return (p.data && p.data.short) || p.name; } },
                     emphasis: { label: { show: true } }, data: rows }]
        }, { replaceMerge: ["series"] });
        if (mapNote) {
          mapNote.textContent = option.textContent.trim() + " (" + unit + ") · " + labels.map_no_data;
        }
        mapEl.dataset.ready = "1";
      }).catch(function (e) { fail(mapEl, e); });
    };
    get(mapEl.dataset.geo).then(function (geo) {
      echarts.registerMap("yunnan", geo);
      mapChart = chartIn(mapEl);
      mapChart.on("click", function (p) {
        if (p.data && p.data.id) { window.location.href = mapEl.dataset.link + p.data.id + "/"; }
      });
      drawMap();
      measure.addEventListener("change", drawMap);
    }).catch(function (e) { fail(mapEl, e); });
  }

  var trendEl = document.getElementById("chart-trend");
  if (trendEl) {
    get(scoped(trendEl.dataset.url)).then(function (rows) {
      if (!rows.length) {  // before the first daily snapshot: say so rather than draw empty axes
        trendEl.textContent = labels.no_trend;
        trendEl.classList.add("chart-empty");
        trendEl.dataset.ready = "1";
        return;
      }
      var chart = chartIn(trendEl);
      var months = rows.map(function (r) { return r.month; });
      chart.setOption({
        tooltip: { trigger: "axis" }, legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: months },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
        series: ["red", "yellow", "green"].map(function (light) {
          return { name: labels[light], type: "bar", stack: "lights", itemStyle: { color: colours[light] },
                   data: rows.map(function (r) { return r[light]; }) };
        }).concat([{ name: labels.progress, type: "line", yAxisIndex: 1,
                     data: rows.map(function (r) { return r.progress; }) }])
      });
      trendEl.dataset.ready = "1";
    }).catch(function (e) { fail(trendEl, e); });
  }

  function resizeAll() { charts.forEach(function (c) { c.resize({ animation: { duration: 0 } }); }); }
  window.addEventListener("resize", resizeAll);
  // Printing lays the page out anew (two charts a row on A4 landscape, portal.css): the browser switches to the
  // print media first, and the charts are redrawn at once to their boxes there, then back after.
  window.matchMedia("print").addEventListener("change", resizeAll);
  window.addEventListener("beforeprint", resizeAll);  // where the media change is not announced
  window.addEventListener("afterprint", resizeAll);
}());
