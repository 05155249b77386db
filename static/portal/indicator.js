/* The history of a target's values against its target line (Apache ECharts, vendored). */
(function () {
  "use strict";
  var el = document.getElementById("indicator-chart");
  if (!el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(document.getElementById("indicator-data").textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: "time" },
    yAxis: { type: "value", axisLabel: { formatter: "{value}" + data.unit }, scale: true },
    series: [{ type: "line", data: data.points, symbolSize: 8,
               markLine: { symbol: "none", data: [{ yAxis: data.target }], lineStyle: { type: "dashed" } } }]
  });
  el.dataset.ready = "1";
  window.addEventListener("resize", function () { chart.resize(); });
}());
