// The live feed: the shop's refund events over Server-Sent Events, newest on top, each with its stop-shipment action.
(function () {
  var list = document.getElementById('live');
  var state = document.getElementById('live-state');
  var template = document.getElementById('live-item');
  if (!list || !window.EventSource) { return; }
  var source = new EventSource(list.dataset.stream);
  source.addEventListener('open', function () { state.textContent = 'Connected: new automatic refunds appear here.'; });
  source.addEventListener('error', function () { state.textContent = 'Reconnecting…'; });
  source.addEventListener('refund', function (message) {
    var event = JSON.parse(message.data);
    var item = template.content.firstElementChild.cloneNode(true);
    item.id = 'refund-' + event.refundId;
    item.querySelector('.order').textContent = event.orderId;
    item.querySelector('.refund-id').textContent = event.refundId;
    item.querySelector('.amount').textContent = event.refundAmount;
    item.querySelector('.path').textContent = event.path;
    item.querySelector('.at').textContent = event.decidedAt;
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 100) { list.removeChild(list.lastChild); }
  });
})();
