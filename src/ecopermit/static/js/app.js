// Forms whose submission cannot be undone ask first: <form data-confirm="…"> (issue 11 item 14). No inline
// handlers, so a Content-Security-Policy without 'unsafe-inline' keeps working.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
