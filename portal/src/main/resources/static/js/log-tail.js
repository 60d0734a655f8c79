// The live tail of the logs page: follows the environment's tail as Server-Sent Events. Lines are added as text, never as
// markup; the newest is at the bottom, and the view follows it until the reader scrolls up ("n new lines — jump to latest").
// EventSource reconnects by itself, sending the last line's id, and the portal sends exactly the lines missed.
(function () {
    'use strict';
    var section = document.getElementById('tail');
    if (!section) {
        return;
    }
    var view = document.getElementById('tail-lines');
    var status = document.getElementById('tail-status');
    var note = document.getElementById('tail-note');
    var jump = document.getElementById('tail-jump');
    var empty = document.getElementById('tail-empty');
    var pauseButton = document.getElementById('tail-pause');
    var filterInput = document.getElementById('tail-filter');
    var utc = document.getElementById('tail-utc');
    var MAX_LINES = 5000;
    var SHORT = 2000;
    var source = null;
    var paused = false;
    var held = [];
    var unseen = 0;
    var taskColours = {};

    function atBottom() {
        return view.scrollHeight - view.scrollTop - view.clientHeight < 24;
    }

    // ANSI colour codes are dropped; any other control character is shown as a visible symbol, not acted on.
    function printable(text) {
        return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, function (c) {
            return c === '\u001b' ? '␛' : '�';
        });
    }

    function colourOf(task) {
        if (!(task in taskColours)) {
            taskColours[task] = Object.keys(taskColours).length % 8;
        }
        return taskColours[task];
    }

    function time(ms) {
        var date = new Date(ms);
        if (utc.checked) {
            return date.toISOString().substring(11, 23) + ' UTC';
        }
        var local = date.toLocaleTimeString([], {hour12: false}) + '.' + String(date.getMilliseconds()).padStart(3, '0');
        return local + ' ' + (Intl.DateTimeFormat().resolvedOptions().timeZone || '');
    }

    // A JSON line reads as its keys and values; the raw line is one click away.
    function jsonFields(message) {
        if (message.charAt(0) !== '{') {
            return null;
        }
        try {
            var parsed = JSON.parse(message);
            return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
        } catch (notJson) {
            return null;
        }
    }

    function messageNode(message) {
        var text = printable(message);
        var holder = document.createElement('span');
        holder.className = 'log-message';
        var fields = jsonFields(message);
        var shown = document.createElement('span');
        if (fields) {
            holder.classList.add('log-json');
            Object.keys(fields).forEach(function (key) {
                var pair = document.createElement('span');
                pair.className = 'log-field';
                var name = document.createElement('span');
                name.className = 'log-key';
                name.textContent = key + '=';
                var value = document.createElement('span');
                var raw = fields[key];
                value.textContent = printable(typeof raw === 'string' ? raw : JSON.stringify(raw));
                pair.appendChild(name);
                pair.appendChild(value);
                shown.appendChild(pair);
                shown.appendChild(document.createTextNode(' '));
            });
            var rawToggle = document.createElement('button');
            rawToggle.type = 'button';
            rawToggle.className = 'log-raw-toggle';
            rawToggle.textContent = 'raw';
            var rawText = document.createElement('span');
            rawText.className = 'log-raw';
            rawText.hidden = true;
            rawText.textContent = text;
            rawToggle.addEventListener('click', function () {
                rawText.hidden = !rawText.hidden;
                shown.hidden = !rawText.hidden;
                rawToggle.textContent = rawText.hidden ? 'raw' : 'fields';
            });
            holder.appendChild(shown);
            holder.appendChild(rawText);
            holder.appendChild(rawToggle);
            return holder;
        }
        if (text.length > SHORT) {
            shown.textContent = text.substring(0, SHORT) + '…';
            var all = document.createElement('button');
            all.type = 'button';
            all.className = 'log-show-all';
            all.textContent = 'show all ' + text.length + ' characters';
            all.addEventListener('click', function () {
                shown.textContent = text;
                all.remove();
            });
            holder.appendChild(shown);
            holder.appendChild(all);
            return holder;
        }
        shown.textContent = text;
        holder.appendChild(shown);
        return holder;
    }

    function render(line) {
        var row = document.createElement('div');
        row.className = 'log-line';
        row.dataset.id = line.id;
        row.dataset.task = line.task;
        var when = document.createElement('time');
        when.dateTime = new Date(line.timestamp).toISOString();
        when.dataset.ms = line.timestamp;
        when.textContent = time(line.timestamp);
        var task = document.createElement('a');
        task.className = 'log-task task-colour-' + colourOf(line.task);
        task.textContent = line.task.substring(0, 8);
        task.title = 'Follow task ' + line.task + ' only';
        task.href = '?task=' + encodeURIComponent(line.task);
        row.appendChild(when);
        row.appendChild(task);
        row.appendChild(messageNode(line.message));
        return row;
    }

    function append(lines) {
        if (!lines.length) {
            return;
        }
        var follow = atBottom();
        var fragment = document.createDocumentFragment();
        lines.forEach(function (line) {
            fragment.appendChild(render(line));
        });
        view.appendChild(fragment);
        empty.hidden = true;
        while (view.childElementCount > MAX_LINES) {
            view.removeChild(view.firstElementChild);
        }
        if (follow) {
            view.scrollTop = view.scrollHeight;
        } else {
            unseen += lines.length;
            jump.textContent = unseen + ' new line' + (unseen === 1 ? '' : 's') + ' — jump to latest';
            jump.hidden = false;
        }
    }

    function say(text, tone) {
        status.textContent = text;
        status.className = 'status ' + tone;
    }

    function connect(filter) {
        if (source) {
            source.close();
        }
        view.replaceChildren();
        empty.hidden = false;
        held = [];
        unseen = 0;
        jump.hidden = true;
        var url = section.dataset.tail + '?filter=' + encodeURIComponent(filter) + '&task=' + encodeURIComponent(section.dataset.task || '');
        say('◔ Connecting…', 'status-warn');
        source = new EventSource(url);
        source.addEventListener('open', function () {
            say('● Following new lines', 'status-ok');
        });
        source.addEventListener('line', function (event) {
            var line = JSON.parse(event.data);
            if (paused) {
                held.push(line);
                pauseButton.textContent = 'Resume (' + held.length + ' waiting)';
            } else {
                append([line]);
            }
        });
        source.addEventListener('status', function (event) {
            var state = JSON.parse(event.data);
            if (state.problem || state.behindSeconds > 0) {
                say('◔ Behind by ' + state.behindSeconds + ' s' + (state.problem ? ' — ' + state.problem : ''), 'status-warn');
            } else if (state.mode === 'live') {
                say('● Live — CloudWatch pushes each line as it arrives', 'status-ok');
            } else {
                say('● Following — polling CloudWatch every second', 'status-ok');
            }
            note.textContent = state.note || '';
            note.hidden = !state.note;
        });
        source.addEventListener('refused', function (event) {
            source.close();
            say('✗ ' + event.data, 'status-bad');
        });
        source.addEventListener('dropped', function (event) {
            source.close();
            say('✗ ' + event.data, 'status-bad');
        });
        source.addEventListener('error', function () {
            if (source.readyState === EventSource.CONNECTING) {
                say('◔ Reconnecting — no line will be missed', 'status-warn');
            }
        });
    }

    document.getElementById('tail-form').addEventListener('submit', function (event) {
        event.preventDefault();
        connect(filterInput.value);
    });
    section.querySelectorAll('[data-quick]').forEach(function (button) {
        button.addEventListener('click', function () {
            filterInput.value = button.dataset.quick;
            connect(filterInput.value);
        });
    });
    pauseButton.addEventListener('click', function () {
        paused = !paused;
        pauseButton.setAttribute('aria-pressed', String(paused));
        if (!paused) {
            append(held);
            held = [];
        }
        pauseButton.textContent = paused ? 'Resume' : 'Pause';
    });
    document.getElementById('tail-wrap').addEventListener('change', function (event) {
        view.classList.toggle('wrap', event.target.checked);
    });
    utc.addEventListener('change', function () {
        view.querySelectorAll('time[data-ms]').forEach(function (when) {
            when.textContent = time(Number(when.dataset.ms));
        });
    });
    view.addEventListener('scroll', function () {
        if (atBottom()) {
            unseen = 0;
            jump.hidden = true;
        }
    });
    jump.addEventListener('click', function () {
        view.scrollTop = view.scrollHeight;
        unseen = 0;
        jump.hidden = true;
    });

    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    document.getElementById('search-zone').value = zone;
    document.getElementById('search-zone-name').textContent = zone;
    connect(section.dataset.filter || '');
}());
