// Tuike console: progressive enhancements only. Every page works without this file.
;(() => {
  const status = (el, text) => {
    if (el) el.textContent = text
  }

  // Copy buttons: <button data-copy="id-of-input-or-element">.
  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-copy]')
    if (!button) return
    event.preventDefault()
    const source = document.getElementById(button.dataset.copy)
    const text = source ? (source.value ?? source.textContent) : ''
    const out = document.getElementById(`${button.dataset.copy}-status`)
    try {
      await navigator.clipboard.writeText(text)
      status(out, '已复制')
    } catch {
      if (source?.select) {
        source.select()
        status(out, document.execCommand('copy') ? '已复制' : '请按 Ctrl+C 复制')
      } else status(out, '复制失败，请手动选择复制')
    }
  })

  // Share poster: product image, price, coupon and QR drawn on a canvas, saved as a PNG.
  const load = (src) =>
    new Promise((resolve, reject) => {
      const img = new Image()
      img.onload = () => resolve(img)
      img.onerror = reject
      img.src = src
    })
  const wrap = (ctx, text, x, y, width, lineHeight, maxLines) => {
    let line = ''
    let lines = 0
    for (const ch of text) {
      if (ctx.measureText(line + ch).width > width && line) {
        if (++lines === maxLines) return ctx.fillText(`${line.slice(0, -1)}…`, x, y)
        ctx.fillText(line, x, y)
        y += lineHeight
        line = ''
      }
      line += ch
    }
    ctx.fillText(line, x, y)
  }
  const poster = async (d) => {
    const canvas = document.createElement('canvas')
    canvas.width = 750
    canvas.height = 1180
    const ctx = canvas.getContext('2d')
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, 750, 1180)
    if (d.img) ctx.drawImage(await load(d.img), 0, 0, 750, 750)
    const font = '"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif'
    ctx.fillStyle = '#1f2329'
    ctx.font = `500 34px ${font}`
    wrap(ctx, d.title, 40, 810, 670, 46, 2)
    ctx.fillStyle = '#e4393c'
    ctx.font = `700 56px ${font}`
    ctx.fillText(d.price, 40, 940)
    if (d.coupon) {
      ctx.font = `500 28px ${font}`
      ctx.fillText(d.coupon, 40, 990)
    }
    ctx.drawImage(await load(d.qr), 510, 920, 200, 200)
    ctx.fillStyle = '#8a9099'
    ctx.font = `24px ${font}`
    ctx.fillText('长按识别，立即购买', 40, 1110)
    return canvas.toDataURL('image/png')
  }
  for (const button of document.querySelectorAll('button[data-poster]')) button.hidden = false
  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-poster]')
    if (!button) return
    const out = document.getElementById(`${button.id}-status`)
    try {
      const a = document.createElement('a')
      a.href = await poster(button.dataset)
      a.download = button.dataset.file
      a.click()
      status(out, '')
    } catch {
      status(out, '海报生成失败，请下载二维码。')
    }
  })

  // Loading state: a submitted form's button shows that the request is on its way.
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (event.defaultPrevented || form.dataset.noBusy !== undefined) return
    const button = event.submitter ?? form.querySelector('button[type=submit]')
    if (!button) return
    form.setAttribute('aria-busy', 'true')
    setTimeout(() => {
      button.disabled = true
      button.dataset.label = button.textContent
      button.textContent = '处理中…'
    })
  })

  // NDJSON import in chunks, with a progress bar and the bad lines by their file line number.
  const form = document.getElementById('import-form')
  if (form) {
    form.addEventListener('submit', async (event) => {
      const file = form.querySelector('input[type=file]').files[0]
      if (!file || !window.fetch) return
      event.preventDefault()
      const kind = form.querySelector('select[name=kind]').value
      const csrf = form.querySelector('input[name=_csrf]').value
      const progress = document.getElementById('import-progress')
      const note = document.getElementById('import-status')
      const result = document.getElementById('import-result')
      const button = form.querySelector('button[type=submit]')
      button.disabled = true
      result.innerHTML = ''
      progress.hidden = false
      progress.value = 0
      const lines = (await file.text()).split('\n')
      const CHUNK = 400 * 1024
      let applied = 0
      const errors = []
      let i = 0
      try {
        while (i < lines.length) {
          const first = i
          let size = 0
          const part = []
          while (i < lines.length && (part.length === 0 || size + lines[i].length * 3 < CHUNK)) {
            size += lines[i].length * 3 + 1
            part.push(lines[i++])
          }
          const res = await fetch(`/ops/import/chunk?kind=${encodeURIComponent(kind)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson', 'x-csrf-token': csrf },
            body: part.join('\n'),
          })
          const body = await res.json().catch(() => ({ errmsg: `HTTP ${res.status}` }))
          if (!res.ok) throw new Error(body.errmsg || `HTTP ${res.status}`)
          applied += body.applied
          for (const e of body.errors) errors.push({ line: e.line + first, reason: e.reason })
          progress.value = Math.round((i / lines.length) * 100)
          status(note, `已处理 ${i} / ${lines.length} 行`)
        }
        progress.value = 100
        status(note, `导入完成：成功 ${applied} 行，错误 ${errors.length} 行`)
        if (errors.length) {
          const table = document.createElement('table')
          table.innerHTML =
            '<caption>错误行</caption><thead><tr><th>行号</th><th>原因</th></tr></thead>'
          const tbody = document.createElement('tbody')
          for (const e of errors.slice(0, 500)) {
            const tr = document.createElement('tr')
            const a = document.createElement('td')
            a.textContent = String(e.line)
            const b = document.createElement('td')
            b.textContent = e.reason
            tr.append(a, b)
            tbody.append(tr)
          }
          table.append(tbody)
          const wrap = document.createElement('div')
          wrap.className = 'table-wrap'
          wrap.append(table)
          result.append(wrap)
        }
      } catch (err) {
        status(note, `导入失败：${err.message}`)
        note.setAttribute('role', 'alert')
      } finally {
        button.disabled = false
      }
    })
  }
})()
