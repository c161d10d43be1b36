// Clips load their player only when the reader asks: until then no request reaches the video host.
document.addEventListener("click", (event) => {
  const play = event.target.closest(".clip-play");
  if (!play) return;
  const figure = play.closest(".clip-embed");
  const src = figure && figure.dataset.embedSrc;
  if (!src) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = src;
  frame.title = figure.dataset.embedTitle || "Video";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  play.closest(".clip-frame").replaceChildren(frame);
});
