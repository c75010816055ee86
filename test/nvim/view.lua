-- Interactive Neovim (0.7+) with the Prompt Cache language server attached to every JSON/JSONC/JSONL buffer:
--   nvim -u test/nvim/view.lua examples/anthropic-cache-mistakes.json
-- (used for the terminal capture in docs/editors.md; on Neovim 0.11+ use the vim.lsp.config setup there).
vim.o.number = true
vim.o.wrap = false
vim.o.signcolumn = 'yes'
vim.diagnostic.config({ virtual_text = { prefix = '●' }, severity_sort = true })
local root = vim.fn.getcwd()
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'json', 'jsonc', 'jsonl' },
  callback = function(ev)
    local id = vim.lsp.start_client({ name = 'prompt-cache', cmd = { 'node', root .. '/dist/cli.js', 'lsp', '--stdio' }, root_dir = root })
    if id then vim.lsp.buf_attach_client(ev.buf, id) end
  end,
})
