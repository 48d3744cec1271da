// Sorting of the report's tables and a record that the page rendered (for headless checks).
(function () {
  'use strict';
  var root = document.documentElement;
  function fail(message) {
    root.setAttribute('data-report-error', String(message));
    console.error('ofql-report-error ' + message);
  }
  window.addEventListener('error', function (event) { fail(event.message); });

  // A cell's sort key: its data-v number when it has one, else its text; missing values sort last.
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v !== null) {
      return v === '' ? null : parseFloat(v);
    }
    var text = cell.textContent.trim();
    return text === '' || text === '-' ? null : text.toLowerCase();
  }

  function compare(a, b) {
    if (a === null || b === null) {
      return a === b ? 0 : (a === null ? 1 : -1);
    }
    if (typeof a === 'number' && typeof b === 'number') {
      return a - b;
    }
    return String(a).localeCompare(String(b));
  }

  // Sorts the rows of every body of the table; domain average rows (class avg) stay last.
  function sortBy(table, column, header) {
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var rows = Array.prototype.slice.call(body.rows);
      var moving = rows.filter(function (r) { return !r.classList.contains('avg'); });
      var fixed = rows.filter(function (r) { return r.classList.contains('avg'); });
      moving.sort(function (x, y) {
        var a = key(x.cells[column]);
        var b = key(y.cells[column]);
        if (a === null || b === null) {
          return compare(a, b);
        }
        return ascending ? compare(a, b) : compare(b, a);
      });
      moving.concat(fixed).forEach(function (r) { body.appendChild(r); });
    });
  }

  try {
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
        header.title = 'Sort by this column';
        header.addEventListener('click', function () { sortBy(table, column, header); });
      });
    });
    var charts = [];
    Array.prototype.forEach.call(document.querySelectorAll('figure.chart'), function (figure) {
      var svg = figure.querySelector('svg');
      var box = (svg || figure).getBoundingClientRect();
      charts.push({id: figure.getAttribute('data-chart'), svg: !!svg, x: Math.round(box.left + window.scrollX),
        y: Math.round(box.top + window.scrollY), w: Math.round(box.width), h: Math.round(box.height)});
    });
    var tables = [];
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
      var box = table.getBoundingClientRect();
      tables.push({id: table.className, x: Math.round(box.left + window.scrollX), y: Math.round(box.top + window.scrollY),
        w: Math.round(box.width), h: Math.round(box.height)});
    });
    var check = JSON.stringify({height: Math.ceil(root.scrollHeight), tables: tables, charts: charts});
    document.getElementById('render-check').textContent = check;
    root.setAttribute('data-report-ready', '1');
    console.info('ofql-report-ready ' + check);
  } catch (e) {
    fail(e && e.message ? e.message : e);
  }
})();
