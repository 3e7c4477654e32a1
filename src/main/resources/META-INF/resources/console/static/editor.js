// The draft editor's line-number gutter: follows the text and its scrolling, keeps the problem marks, and
// takes the cursor to a problem's line.
(function () {
  var editor = document.getElementById('editor');
  var gutter = document.getElementById('gutter');
  if (!editor || !gutter) { return; }
  var marked = {};
  gutter.querySelectorAll('span.problem').forEach(function (span) { marked[span.dataset.line] = span.title || true; });
  function render() {
    var count = editor.value.split('\n').length;
    if (gutter.children.length === count) { return; }
    var fragment = document.createDocumentFragment();
    for (var i = 1; i <= count; i++) {
      var span = document.createElement('span');
      span.textContent = i;
      span.dataset.line = i;
      if (marked[i]) { span.className = 'problem'; }
      fragment.appendChild(span);
    }
    gutter.replaceChildren(fragment);
  }
  editor.addEventListener('input', render);
  editor.addEventListener('scroll', function () { gutter.scrollTop = editor.scrollTop; });
  document.querySelectorAll('a.goto').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var line = parseInt(link.dataset.line, 10);
      var lines = editor.value.split('\n');
      var start = 0;
      for (var i = 0; i < line - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
      editor.focus();
      editor.setSelectionRange(start, start + (lines[line - 1] || '').length);
      editor.scrollTop = Math.max(0, (line - 5) * 18);
      gutter.scrollTop = editor.scrollTop;
    });
  });
  render();
})();
