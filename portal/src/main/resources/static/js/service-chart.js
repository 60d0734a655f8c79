// The environment page's chart of the last hour: the portal's own samples of the service, fetched again every 5 s and
// redrawn in place. Wanted is dashed so that the lines differ by more than their colour.
(function () {
    const section = document.getElementById('service-chart');
    if (!section || typeof uPlot === 'undefined') {
        return;
    }
    const target = document.getElementById('tasks-chart');
    const empty = document.getElementById('service-chart-empty');
    section.querySelector('.time-zone').textContent = Intl.DateTimeFormat().resolvedOptions().timeZone;
    let chart = null;

    function size() {
        return { width: Math.max(300, target.clientWidth), height: 220 };
    }

    function options() {
        return Object.assign(size(), {
            series: [
                {},
                { label: 'Tasks wanted', stroke: '#6b7280', dash: [6, 4], width: 2 },
                { label: 'Tasks running', stroke: '#2563eb', width: 2 },
                { label: 'Healthy targets', stroke: '#15803d', width: 2, points: { show: false } }
            ],
            scales: { y: { range: function (u, min, max) { return [0, Math.max(2, max + 1)]; } } },
            axes: [{}, { label: 'count', incrs: [1, 2, 5, 10, 20, 50] }]
        });
    }

    function draw(columns) {
        const data = [columns.at, columns.desired, columns.running, columns.healthyTargets];
        target.dataset.points = String(columns.at.length);
        empty.hidden = columns.at.length > 0;
        if (chart === null) {
            chart = new uPlot(options(), data, target);
        } else {
            chart.setData(data);
        }
    }

    function load() {
        fetch(section.dataset.history, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (columns) { if (columns) { draw(columns); } })
            .catch(function () { /* the next fetch tries again; the page says nothing it does not know */ });
    }

    load();
    setInterval(load, 5000);
    window.addEventListener('resize', function () { if (chart) { chart.setSize(size()); } });
})();
