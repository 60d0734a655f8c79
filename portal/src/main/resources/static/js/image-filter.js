// The images panel's filter: hides the rows whose tags and digest do not contain what was typed. The panel arrives after the
// page (htmx), so the listener sits on the document.
document.addEventListener('input', function (event) {
    if (event.target.id !== 'image-filter') {
        return;
    }
    const wanted = event.target.value.trim().toLowerCase();
    let shown = 0;
    document.querySelectorAll('#images tbody tr').forEach(function (row) {
        const match = row.dataset.search.toLowerCase().includes(wanted);
        row.hidden = !match;
        shown += match ? 1 : 0;
    });
    document.getElementById('images-none-match').hidden = shown > 0;
});
