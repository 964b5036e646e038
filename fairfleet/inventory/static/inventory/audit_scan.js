// Scanning page enhancements. Typing always works; the camera is offered only where the browser
// can open it: the native BarcodeDetector first, the vendored ZXing library otherwise (no CDN).
(function () {
  "use strict";

  function codeInput() {
    return document.querySelector("#scan-form input[name=code]");
  }

  // htmx does not swap error responses by default; the scan form's 400 carries the message to show.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400 && event.detail.target && event.detail.target.id === "scan-panel") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // After each scan the fresh form takes the focus again, ready for the next code.
  document.body.addEventListener("htmx:afterSwap", function () {
    var input = codeInput();
    if (input) { input.focus(); }
  });

  var section = document.getElementById("scan-camera");
  if (!section || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  section.hidden = false;
  var video = document.getElementById("camera-video");
  var start = document.getElementById("camera-start");
  var stop = document.getElementById("camera-stop");
  var status = document.getElementById("camera-status");
  var stream = null, zxingReader = null, lastCode = "", lastAt = 0, running = false;

  function submitCode(code) {
    // The same label stays in front of the camera for a while: send it once every few seconds at most.
    var now = Date.now();
    if (code === lastCode && now - lastAt < 3000) { return; }
    lastCode = code; lastAt = now;
    var input = codeInput();
    if (!input) { return; }
    input.value = code;
    input.form.requestSubmit();
  }

  // Our labels encode the device page's address; the server recognises it as well as a tag or serial.
  function codeFromText(text) {
    return (text || "").trim();
  }

  function stopCamera() {
    running = false;
    if (zxingReader) { zxingReader.reset(); zxingReader = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true; stop.hidden = true; start.hidden = false;
  }

  function fail() {
    stopCamera();
    status.textContent = section.getAttribute("data-error");
  }

  function detectLoop(detector) {
    if (!running) { return; }
    detector.detect(video).then(function (codes) {
      if (codes.length) { submitCode(codeFromText(codes[0].rawValue)); }
    }).catch(function () {}).finally(function () {
      if (running) { setTimeout(function () { detectLoop(detector); }, 250); }
    });
  }

  function startNative() {
    var detector = new window.BarcodeDetector();
    return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
      stream = s; video.srcObject = s; video.hidden = false;
      return video.play();
    }).then(function () { running = true; detectLoop(detector); });
  }

  function loadZxing() {
    if (window.ZXing) { return Promise.resolve(window.ZXing); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = section.getAttribute("data-zxing-src");
      script.onload = function () { resolve(window.ZXing); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function startZxing() {
    return loadZxing().then(function (ZXing) {
      zxingReader = new ZXing.BrowserMultiFormatReader();
      video.hidden = false; running = true;
      return zxingReader.decodeFromConstraints({ video: { facingMode: "environment" } }, video, function (result) {
        if (result) { submitCode(codeFromText(result.getText())); }
      });
    });
  }

  start.addEventListener("click", function () {
    status.textContent = "";
    start.hidden = true; stop.hidden = false;
    var useNative = "BarcodeDetector" in window;
    (useNative ? startNative() : startZxing()).catch(fail);
  });
  stop.addEventListener("click", stopCamera);
})();
