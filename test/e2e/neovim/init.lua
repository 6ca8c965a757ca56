-- Headless Neovim (0.7+) as an LSP client of the IRSA language server, for test/e2e/neovim.
-- Starts `node <IRSA_SERVER> --stdio` with the built-in client, opens IRSA_FILES (comma-separated,
-- relative to IRSA_ROOT), waits until the server has published diagnostics for each of them (deadline
-- IRSA_TIMEOUT_MS), writes them as JSON to IRSA_OUT and quits (exit code 0; 2 on timeout).
--
-- Run: IRSA_ROOT=examples/guide IRSA_SERVER=dist/server.js IRSA_FILES=deployment.yaml IRSA_OUT=/tmp/d.json \
--        nvim --headless --clean -u test/e2e/neovim/init.lua
local root = vim.fn.fnamemodify(assert(os.getenv('IRSA_ROOT'), 'IRSA_ROOT'), ':p'):gsub('/$', '')
local server = vim.fn.fnamemodify(assert(os.getenv('IRSA_SERVER'), 'IRSA_SERVER'), ':p')
local files = vim.split(assert(os.getenv('IRSA_FILES'), 'IRSA_FILES'), ',', { plain = true })
local out = assert(os.getenv('IRSA_OUT'), 'IRSA_OUT')
local timeout = tonumber(os.getenv('IRSA_TIMEOUT_MS') or '60000')
local node = os.getenv('IRSA_NODE') or 'node'

-- The last publishDiagnostics per URI, as the server sent it (LSP ranges: 0-based, UTF-16).
local published = {}
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    published[result.uri] = result.diagnostics
  end
  return default_handler(err, result, ctx, config)
end

local log = {}
local client_id = vim.lsp.start_client({
  name = 'irsa',
  cmd = { node, server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  handlers = {
    ['window/logMessage'] = function(_, result) table.insert(log, result.message) end,
  },
  on_exit = function(code, signal) table.insert(log, ('server exited: code %s signal %s'):format(code, signal)) end,
})

local function finish(status, extra)
  local result = { status = status, files = {}, log = log }
  for k, v in pairs(extra or {}) do result[k] = v end
  for _, rel in ipairs(files) do
    local path = root .. '/' .. rel
    local uri = vim.uri_from_fname(path)
    local bufnr = vim.fn.bufnr(path)
    local entry = { uri = uri, lsp = {}, editor = {} }
    for _, d in ipairs(published[uri] or {}) do
      table.insert(entry.lsp, {
        ruleId = d.code, severity = d.severity, message = d.message,
        line = d.range.start.line + 1, column = d.range.start.character + 1,
      })
    end
    -- What the user sees: vim.diagnostic (0-based lnum/col), with the code from the LSP payload.
    if bufnr > 0 then
      for _, d in ipairs(vim.diagnostic.get(bufnr)) do
        local lsp = d.user_data and d.user_data.lsp or {}
        table.insert(entry.editor, { ruleId = d.code or lsp.code, line = d.lnum + 1, column = d.col + 1, severity = d.severity })
      end
    end
    result.files[rel] = entry
  end
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  if client_id then
    vim.lsp.stop_client(client_id)
    vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  end
  vim.cmd(status == 'ok' and 'qall!' or 'cquit! 2')
end

if not client_id then
  finish('no-client')
end

for _, rel in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
  vim.lsp.buf_attach_client(0, client_id)
end

local ok = vim.wait(timeout, function()
  for _, rel in ipairs(files) do
    if published[vim.uri_from_fname(root .. '/' .. rel)] == nil then return false end
  end
  return true
end, 50)
finish(ok and 'ok' or 'timeout', { timeoutMs = timeout })
