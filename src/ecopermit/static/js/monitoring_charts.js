// Online monitoring charts (ECharts): hourly values against the limit lines; flagged values drawn hollow
// and grey, since they do not count. Power of production and treatment meters with their thresholds.
(function () {
  if (!window.echarts) return;
  const charts = [];
  const step = (x) => Math.pow(10, Math.floor(Math.log10(Math.abs(x) || 1)) - 1);
  const niceFloor = (x) => Math.floor(x / step(x)) * step(x);
  const niceCeil = (x) => Math.ceil(x / step(x)) * step(x);
  // Time labels as dates and clock times, never a bare day of the month at midnight (issue 11 item 14).
  const timeAxis = {
    type: "time",
    axisLabel: {
      hideOverlap: true,
      formatter: { year: "{yyyy}", month: "{yyyy}-{MM}", day: "{MM}-{dd}", hour: "{HH}:{mm}", minute: "{HH}:{mm}", second: "{HH}:{mm}:{ss}" },
    },
  };
  const dataEl = document.getElementById("monitoring-data");
  if (dataEl) {
    const data = JSON.parse(dataEl.textContent);
    document.querySelectorAll(".monitoring-chart[data-series]").forEach((el) => {
      const s = data.series[Number(el.dataset.series)];
      const valid = s.points.filter((p) => p[2] === "N").map((p) => [p[0], p[1]]);
      const flagged = s.points.filter((p) => p[2] !== "N").map((p) => [p[0], p[1], p[2]]);
      const lines = s.limits.map((l) => ({
        yAxis: l.value,
        name: (l.kind === "min" ? "≥ " : "≤ ") + l.value,
        label: { formatter: "{b}", position: "insideEndTop" },
      }));
      const chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        grid: { left: 50, right: 60, top: 24, bottom: 56 },
        tooltip: { trigger: "axis" },
        legend: { show: false },
        xAxis: timeAxis,
        // The axis always reaches the limit lines, so that the distance to the limit shows.
        yAxis: {
          type: "value", name: s.unit, scale: true,
          // From zero for concentrations; near the data for a two-sided limit such as pH 6～9.
          min: (v) => (s.limits.some((l) => l.kind === "min")
            ? niceFloor(Math.min(v.min, ...s.limits.map((l) => l.value)) * 0.92) : Math.min(0, v.min)),
          max: (v) => niceCeil(Math.max(v.max, ...s.limits.map((l) => l.value * 1.08))),
        },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
        series: [
          {
            name: s.name, type: "line", showSymbol: valid.length < 200, symbolSize: 4, data: valid,
            lineStyle: { width: 1.5, color: "#1d4ed8" }, itemStyle: { color: "#1d4ed8" },
            markLine: { symbol: "none", silent: true, lineStyle: { color: "#b42318", type: "dashed", width: 1.5 }, data: lines },
          },
          {
            name: "⚑", type: "scatter", data: flagged, symbol: "emptyCircle", symbolSize: 7,
            itemStyle: { color: "#98a2b3" },
            tooltip: { formatter: (p) => p.value[0].slice(0, 16).replace("T", " ") + " · " + p.value[1] + " · " + (el.dataset.flagLabel || "⚑") + " " + p.value[2] },
          },
        ],
      });
      charts.push(chart);
    });
  }
  const powerEl = document.getElementById("monitoring-power");
  const powerData = document.getElementById("monitoring-power-data");
  if (powerEl && powerData) {
    const meters = JSON.parse(powerData.textContent);
    const colours = { production: "#1d4ed8", treatment: "#067647" };
    const chart = echarts.init(powerEl);
    chart.setOption({
      animation: false,
      grid: { left: 50, right: 24, top: 32, bottom: 56 },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: timeAxis,
      yAxis: { type: "value", name: "kW" },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
      series: meters.map((m) => ({
        name: m.name, type: "line", step: "start", showSymbol: false, data: m.points,
        lineStyle: { width: 1.5, type: m.role === "treatment" ? "solid" : "solid" },
        itemStyle: { color: m.role === "treatment" ? colours.treatment : colours.production },
        markLine: { symbol: "none", silent: true, lineStyle: { type: "dotted" }, data: [{ yAxis: m.threshold }] },
      })),
    });
    charts.push(chart);
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
