// Times travel as UTC instants in <time datetime="...">; show them in the viewer's own zone, zone named.
// By default a time of the last week reads as how long ago it was ("3 min ago", kept current), older ones as the
// date and time; the tooltip always has the whole date, time and zone. data-format="time" shows the time of day only
// (rows of one operation); data-format="stacked" puts the date above the time, for narrow columns.
const PortalTimes = (function () {
    const dateAndTime = new Intl.DateTimeFormat(undefined, {
        year: 'numeric', month: 'short', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
    });
    const dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: '2-digit' });
    const timeOfDay = new Intl.DateTimeFormat(undefined, {
        hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
    });

    const week = 7 * 24 * 3600;

    function ago(instant) {
        const seconds = Math.max(0, Math.round((Date.now() - instant.getTime()) / 1000));
        if (seconds < 10) {
            return 'just now';
        }
        if (seconds < 60) {
            return seconds + ' s ago';
        }
        if (seconds < 3600) {
            return Math.floor(seconds / 60) + ' min ago';
        }
        if (seconds < 86400) {
            return Math.floor(seconds / 3600) + ' h ago';
        }
        const days = Math.floor(seconds / 86400);
        return days === 1 ? 'yesterday' : days + ' days ago';
    }

    function show(element, instant) {
        if (!element.dataset.format && (Date.now() - instant.getTime()) / 1000 < week) {
            element.textContent = ago(instant);
            element.dataset.relative = 'true';
        } else if (element.dataset.format === 'time') {
            element.textContent = timeOfDay.format(instant);
        } else if (element.dataset.format === 'stacked') {
            element.replaceChildren(dateOnly.format(instant), document.createElement('br'), timeOfDay.format(instant));
        } else {
            element.textContent = dateAndTime.format(instant);
        }
    }

    function localise(root) {
        root.querySelectorAll('time[datetime]').forEach(function (element) {
            const instant = new Date(element.getAttribute('datetime'));
            if (!isNaN(instant)) {
                show(element, instant);
                element.title = dateAndTime.format(instant) + ' (' + instant.toISOString() + ')';
            }
        });
    }

    document.addEventListener('DOMContentLoaded', function () {
        localise(document);
        setInterval(function () {
            document.querySelectorAll('time[data-relative]').forEach(function (element) {
                element.textContent = ago(new Date(element.getAttribute('datetime')));
            });
        }, 15000);
    });
    document.addEventListener('htmx:afterSwap', function (event) { localise(event.target); });
    return { localise: localise };
})();

// A plan being made: look again each second until CloudFormation has made it.
(function () {
    document.addEventListener('DOMContentLoaded', function () {
        const state = document.getElementById('plan-state');
        if (state && state.dataset.refresh === 'true') {
            setTimeout(function () { window.location.reload(); }, 1000);
        }
    });
})();

// An operation's live progress: stack events as rows, the status and the progress bar, from the portal's event stream.
(function () {
    function cell(row, text) {
        const td = document.createElement('td');
        td.textContent = text;
        row.appendChild(td);
        return td;
    }

    function setProgress(done, total, percent) {
        document.getElementById('progress-done').textContent = done;
        document.getElementById('progress-total').textContent = total;
        const bar = document.getElementById('progress-bar');
        bar.style.width = percent + '%';
        bar.parentElement.setAttribute('aria-valuenow', done);
        bar.parentElement.setAttribute('aria-valuemax', total);
    }

    const words = { SUCCEEDED: ['✓ succeeded', 'status-ok'], FAILED: ['✗ failed', 'status-bad'], RUNNING: ['◔ in progress', 'status-warn'] };

    document.addEventListener('DOMContentLoaded', function () {
        const operation = document.getElementById('operation');
        if (!operation) {
            return;
        }
        const bar = document.getElementById('progress-bar');
        bar.style.width = bar.dataset.percent + '%';
        if (operation.dataset.running !== 'true') {
            return;
        }
        const source = new EventSource(operation.dataset.events + '?after=' + operation.dataset.after);
        const body = document.querySelector('#operation-events tbody');
        source.addEventListener('event', function (message) {
            const event = JSON.parse(message.data);
            if (body.querySelector('tr[data-event-id="' + event.id + '"]')) {
                return;
            }
            const row = document.createElement('tr');
            row.dataset.eventId = event.id;
            const time = document.createElement('time');
            time.setAttribute('datetime', event.time);
            time.dataset.format = 'time';
            cell(row, '').appendChild(time);
            cell(row, event.elapsedSeconds + ' s');
            const resource = cell(row, '');
            const code = document.createElement('code');
            code.textContent = event.logicalId;
            const type = document.createElement('span');
            type.className = 'resource-type';
            type.textContent = event.type;
            resource.append(code, document.createElement('br'), type);
            const status = document.createElement('span');
            status.className = 'status ' + event.tone;
            status.textContent = event.label;
            cell(row, '').appendChild(status);
            cell(row, event.reason);
            PortalTimes.localise(row);
            body.appendChild(row);
        });
        source.addEventListener('status', function (message) {
            const status = JSON.parse(message.data);
            const label = words[status.status] || words.RUNNING;
            const badge = document.getElementById('operation-status');
            badge.textContent = label[0];
            badge.className = 'status ' + label[1];
            document.getElementById('progress-bar').parentElement.dataset.outcome = status.status;
            document.getElementById('stack-status-text').textContent = status.stackStatus;
            const problem = document.getElementById('operation-problem');
            problem.textContent = status.problem;
            problem.hidden = !status.problem;
            setProgress(status.done, status.total, status.percent);
        });
        source.addEventListener('done', function (message) {
            source.close();
            const finished = document.getElementById('operation-finished');
            const time = finished.querySelector('time');
            time.setAttribute('datetime', JSON.parse(message.data).finishedAt);
            PortalTimes.localise(finished);
            finished.hidden = false;
            const endByHand = document.getElementById('end-operation');
            if (endByHand) {
                endByHand.remove(); // only for an operation that runs
            }
        });
    });
})();
