// Times travel as UTC instants in <time datetime="...">; show them in the viewer's own zone, zone named.
(function () {
    const format = new Intl.DateTimeFormat(undefined, {
        year: 'numeric', month: 'short', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
    });

    function localise(root) {
        root.querySelectorAll('time[datetime]').forEach(function (element) {
            const instant = new Date(element.getAttribute('datetime'));
            if (!isNaN(instant)) {
                element.textContent = format.format(instant);
                element.title = instant.toISOString();
            }
        });
    }

    document.addEventListener('DOMContentLoaded', function () { localise(document); });
    document.addEventListener('htmx:afterSwap', function (event) { localise(event.target); });
})();
