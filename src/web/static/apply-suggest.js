// Search-as-you-type on the 依申请公开 form: while the applicant describes what they want, the
// items the agency has already published that match are listed under the field. Progressive
// enhancement only: without this script the 先查找已公开的相关信息 button does the same on the
// server. Text goes into the page through textContent, never as HTML.
(() => {
  const form = document.querySelector('form[data-suggest-url]');
  if (!form) return;
  const url = form.getAttribute('data-suggest-url');
  const description = form.querySelector('#f-description');
  const documentNumber = form.querySelector('#f-documentNumber');
  const region = document.getElementById('suggestions');
  if (!url || !description || !region) return;

  let timer = 0;
  let asked = '';
  let controller = null;

  function segments(parent, parts) {
    for (const part of parts) {
      const node = part.mark ? document.createElement('mark') : document.createTextNode(part.text);
      if (part.mark) node.textContent = part.text;
      parent.appendChild(node);
    }
  }

  function show(matches) {
    region.replaceChildren();
    if (matches.length === 0) return;
    const heading = document.createElement('p');
    heading.className = 'hint';
    heading.textContent = `已公开的相关信息（${matches.length}条），可直接查看：`;
    const list = document.createElement('ul');
    list.className = 'matches';
    for (const match of matches) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = match.url;
      segments(link, match.title);
      const date = document.createElement('span');
      date.className = 'hint';
      date.textContent = `发布日期：${match.publishedOn}`;
      const snippet = document.createElement('p');
      segments(snippet, match.snippet);
      item.append(link, date, snippet);
      list.appendChild(item);
    }
    region.append(heading, list);
  }

  async function ask() {
    const text = description.value.trim();
    const number = documentNumber ? documentNumber.value.trim() : '';
    const key = `${text}\u0000${number}`;
    if (key === asked) return;
    asked = key;
    if (text.length < 2 && number.length < 2) {
      show([]);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    const query = new URLSearchParams({ q: text.slice(0, 500), documentNumber: number.slice(0, 100) });
    try {
      const response = await fetch(`${url}?${query}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) return;
      const body = await response.json();
      if (Array.isArray(body.matches)) show(body.matches);
    } catch {
      // Offline, aborted or refused: the server-side button still works.
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(ask, 350);
  }
  description.addEventListener('input', schedule);
  if (documentNumber) documentNumber.addEventListener('input', schedule);
})();
