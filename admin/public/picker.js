/*
 * Attachments picker: include <script src="https://files.example.com/admin/picker.js"></script> on a CMS page whose
 * origin is in the service's Cors__AllowedOrigins, then
 *   Attachments.pick({ multiple: true, accept: 'image', category_id: 2 }).then((attachments) => …)
 * resolves with the chosen attachment objects (as GET /api/attachment/detail answers them), or [] when closed.
 * Messages are taken only from the service's own origin, the one this script was loaded from (decision 029).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var serviceOrigin = new URL(script && script.src ? script.src : location.href).origin;
  var open = null;

  function pick(options) {
    options = options || {};
    if (open) open.finish([]);
    return new Promise(function (resolve) {
      var params = new URLSearchParams({
        picker: '1',
        multiple: options.multiple ? '1' : '0',
        accept: options.accept || '',
        category_id: String(options.category_id || 0),
        origin: location.origin,
      });
      var dialog = document.createElement('dialog');
      dialog.setAttribute('aria-label', 'Choose a file');
      dialog.style.cssText = 'padding:0;border:0;border-radius:8px;width:min(1100px,96vw);height:min(760px,92vh);max-width:none;max-height:none;overflow:hidden;box-shadow:0 8px 40px rgba(0,0,0,.35)';
      var layout = document.createElement('div');
      layout.style.cssText = 'display:flex;flex-direction:column;width:100%;height:100%';
      var bar = document.createElement('div');
      bar.style.cssText = 'display:flex;justify-content:flex-end;padding:4px 8px;background:#e9edf1;border-bottom:1px solid #c9d0d8';
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Close';
      close.setAttribute('aria-label', 'Close the file picker');
      close.style.cssText = 'font:inherit;padding:4px 10px;border:1px solid #4a5360;border-radius:4px;background:#fff;color:#1b1f24;cursor:pointer';
      var frame = document.createElement('iframe');
      frame.title = 'Media library';
      frame.src = serviceOrigin + '/admin/?' + params.toString();
      frame.style.cssText = 'border:0;width:100%;flex:1;display:block';
      bar.appendChild(close);
      layout.appendChild(bar);
      layout.appendChild(frame);
      dialog.appendChild(layout);

      var done = false;
      function finish(attachments) {
        if (done) return;
        done = true;
        open = null;
        window.removeEventListener('message', onMessage);
        if (dialog.open) dialog.close();
        dialog.remove();
        resolve(attachments);
      }
      function onMessage(event) {
        if (event.origin !== serviceOrigin || event.source !== frame.contentWindow) return;
        var data = event.data || {};
        if (data.type === 'attachments:picked') finish(Array.isArray(data.attachments) ? data.attachments : []);
        else if (data.type === 'attachments:cancel') finish([]);
      }
      window.addEventListener('message', onMessage);
      close.addEventListener('click', function () { finish([]); });
      dialog.addEventListener('close', function () { finish([]); });
      document.body.appendChild(dialog);
      dialog.showModal();
      open = { finish: finish };
    });
  }

  window.Attachments = { pick: pick };
})();
