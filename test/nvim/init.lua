-- Headless Neovim (0.7+) as a Prompt Cache language-server client: opens the file given on the command line,
-- starts `node dist/cli.js lsp --stdio` for it, waits for the diagnostics and writes them as JSON to $PCL_OUT.
--   PCL_OUT=out.json nvim --headless -u test/nvim/init.lua examples/anthropic-cache-mistakes.json
-- (test/unit/lsp-neovim.test.ts). Uses vim.lsp.start_client, which every Neovim since 0.5 has; on 0.11+ the
-- setup in docs/editors.md (vim.lsp.config / vim.lsp.enable) does the same.
local root = vim.fn.getcwd()
local out = os.getenv('PCL_OUT') or 'nvim-diagnostics.json'
local server = os.getenv('PCL_SERVER') or (root .. '/dist/cli.js')

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

-- init.lua runs before the file on the command line is loaded: start once Neovim has entered.
local function main()
local id = vim.lsp.start_client({
  name = 'prompt-cache',
  cmd = { 'node', server, 'lsp', '--stdio' },
  root_dir = root,
  settings = { promptCache = { debounceMs = 0 } },
})
if not id then
  finish({ error = 'the language server did not start' })
  return
end
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)

local ok = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local items = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(items, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, message = d.message, source = d.source, code = code })
end
-- hover through the same client: the markdown lines of the first segment's hover
local hover = nil
local client = vim.lsp.get_client_by_id(id)
if client and #items > 0 then
  local resp = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = items[1].lnum, character = items[1].col },
  }, 10000, buf)
  if resp and resp.result and resp.result.contents then hover = resp.result.contents.value end
end
finish({ ok = ok, version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor), diagnostics = items, hover = hover })
end

vim.api.nvim_create_autocmd('VimEnter', { callback = main })
