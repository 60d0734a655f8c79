// The environment page's charts of the last hour, each fetched again on its own beat and redrawn in place:
// the service's tasks (the portal's own samples, every 5 s), auto scaling (tasks per minute against the tracked
// metric, every 15 s) and the load balancer's traffic (CloudWatch's one-minute metrics, every 30 s). Lines differ by dash as well as colour.
(function () {
    if (typeof uPlot === 'undefined') {
        return;
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

    function liveChart(sectionId, chartId, everyMillis, options, columnsOf, describe) {
        const section = document.getElementById(sectionId);
        if (!section) {
            return;
        }
        const target = document.getElementById(chartId);
        const empty = section.querySelector('.chart-empty');
        section.querySelector('.time-zone').textContent = zone;
        let chart = null;

        function size() {
            return { width: Math.max(300, target.clientWidth), height: 220 };
        }

        function draw(answer) {
            const data = columnsOf(answer);
            target.dataset.points = String(data[0].length);
            describe(answer, target, empty);
            if (chart === null) {
                chart = new uPlot(Object.assign(size(), options), data, target);
            } else {
                chart.setData(data);
            }
        }

        function load() {
            fetch(section.dataset.source, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (answer) { if (answer) { draw(answer); } })
                .catch(function () { /* the next fetch tries again; the page says nothing it does not know */ });
        }

        load();
        setInterval(load, everyMillis);
        window.addEventListener('resize', function () { if (chart) { chart.setSize(size()); } });
    }

    liveChart('service-chart', 'tasks-chart', 5000, {
        series: [
            {},
            { label: 'Tasks wanted', stroke: '#6b7280', dash: [6, 4], width: 2 },
            { label: 'Tasks running', stroke: '#2563eb', width: 2 },
            { label: 'Healthy targets', stroke: '#15803d', width: 2, points: { show: false } }
        ],
        scales: { y: { range: function (u, min, max) { return [0, Math.max(2, max + 1)]; } } },
        axes: [{}, { label: 'count', incrs: [1, 2, 5, 10, 20, 50] }]
    }, function (columns) {
        return [columns.at, columns.desired, columns.running, columns.healthyTargets];
    }, function (columns, target, empty) {
        empty.hidden = columns.at.length > 0;
    });

    const scalingOptions = {
        series: [
            {},
            { label: 'Tasks wanted', stroke: '#6b7280', dash: [6, 4], width: 2, scale: 'tasks' },
            { label: 'Tasks running', stroke: '#2563eb', width: 2, scale: 'tasks' },
            { label: 'Tracked metric', stroke: '#a16207', width: 2, scale: 'metric', spanGaps: false },
            { label: 'Target', stroke: '#b91c1c', dash: [2, 3], width: 2, scale: 'metric', points: { show: false } }
        ],
        scales: {
            tasks: { range: function (u, min, max) { return [0, Math.max(2, (max || 0) + 1)]; } },
            metric: { range: function (u, min, max) { return [0, Math.max(10, (max || 0) * 1.2)]; } }
        },
        axes: [{}, { scale: 'tasks', label: 'tasks', incrs: [1, 2, 5, 10, 20, 50] },
            { scale: 'metric', side: 1, label: 'tracked', grid: { show: false } }]
    };
    liveChart('scaling-chart-section', 'scaling-chart', 15000, scalingOptions, function (chart) {
        return [chart.at, chart.desired, chart.running, chart.metric, chart.target];
    }, function (chart, target, empty) {
        const measured = chart.metric.filter(function (value) { return value !== null; });
        target.dataset.metricPoints = String(measured.length);
        target.dataset.maxDesired = String(Math.max.apply(null, [0].concat(chart.desired.filter(function (v) { return v !== null; }))));
        if (chart.metricLabel) {
            scalingOptions.series[3].label = chart.metricLabel; // read when the chart is first drawn
            target.setAttribute('aria-label', 'Tasks wanted and running against ' + chart.metricLabel + ' and its target, per minute'
                + ' over the last hour');
        }
        empty.hidden = !chart.problem && measured.length > 0;
        empty.textContent = chart.problem || 'No datapoint of ' + (chart.metricLabel || 'the metric') + ' in the last hour yet.';
    });

    liveChart('traffic-chart-section', 'traffic-chart', 30000, {
        series: [
            {},
            { label: 'Requests / min', stroke: '#2563eb', width: 2, scale: 'count' },
            { label: '5xx / min', stroke: '#b91c1c', dash: [6, 4], width: 2, scale: 'count' },
            { label: 'Response p50 (ms)', stroke: '#15803d', width: 2, scale: 'ms', spanGaps: false },
            { label: 'Response p99 (ms)', stroke: '#a16207', dash: [2, 3], width: 2, scale: 'ms', spanGaps: false }
        ],
        scales: {
            count: { range: function (u, min, max) { return [0, Math.max(5, max * 1.1)]; } },
            ms: { range: function (u, min, max) { return [0, Math.max(10, (max || 0) * 1.1)]; } }
        },
        axes: [{}, { scale: 'count', label: 'per minute' }, { scale: 'ms', side: 1, label: 'ms', grid: { show: false } }]
    }, function (traffic) {
        return [traffic.at, traffic.requests, traffic.fiveXx, traffic.p50Millis, traffic.p99Millis];
    }, function (traffic, target, empty) {
        target.dataset.requests = String(traffic.requestsTotal);
        target.dataset.fiveXx = String(traffic.fiveXxTotal);
        empty.hidden = !traffic.problem && traffic.requestsTotal > 0;
        empty.textContent = traffic.problem || 'No requests reached the load balancer in the last hour.';
    });
})();
