// Starts the telegram-test-api emulator for the Telegram tests: `node start.js PORT`.
//
// telegram-test-api 4.2.1 emulates the Bot API methods most bots use. This launcher adds, through
// the package's own route list, what python-telegram-bot needs beyond that, as the real Bot API
// does it:
//  - getMe with `is_bot`, callback queries with `chat_instance`, message dates in seconds (the
//    emulator answers in milliseconds), `true` from edits and answerCallbackQuery;
//  - sendChatAction and setMyCommands (accepted);
//  - sendPhoto and sendDocument (multipart uploads): recorded as bot messages with `photo` /
//    `document`; the uploaded bytes can be read back at GET /uploads/<file_id>.
// Nothing else changes: users send with POST /sendMessage, /sendCommand, /sendCallback and read
// the bot's messages with POST /getUpdatesHistory, as the package's client does.
'use strict';
const crypto = require('crypto');
const { TelegramServer } = require('telegram-test-api/lib/telegramServer');
const { routes } = require('telegram-test-api/lib/routes/index');

const port = Number(process.argv[2] || 9000);
const uploads = new Map();

const originalFormatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const formatted = originalFormatUpdate(update);
  if (formatted.callback_query) {
    const chat = formatted.callback_query.message && formatted.callback_query.message.chat;
    formatted.callback_query.chat_instance = String(chat ? chat.id : 0);
  }
  return formatted;
};

class CompatibleServer extends TelegramServer {
  addBotMessage(rawMessage, botToken) {
    const message = super.addBotMessage(rawMessage, botToken);
    return { ...message, date: Math.floor(message.date / 1000), from: { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' } };
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// multipart/form-data → {fields, files: {name: {filename, contentType, data}}}
async function parseMultipart(req) {
  const fields = { ...(req.body || {}) };
  const files = {};
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] || '');
  if (!match) return { fields, files };
  const boundary = Buffer.from(`--${match[1] || match[2]}`);
  const body = await readBody(req);
  let start = body.indexOf(boundary);
  while (start !== -1) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next === -1) break;
    const part = body.subarray(start + boundary.length + 2, next - 2); // skip CRLF after boundary and before next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const name = (/name="([^"]*)"/i.exec(headers) || [])[1];
      const filename = (/filename="([^"]*)"/i.exec(headers) || [])[1];
      const contentType = (/content-type:\s*([^\r\n]+)/i.exec(headers) || [])[1];
      if (filename !== undefined) files[name] = { filename, contentType, data };
      else if (name) fields[name] = data.toString('utf8');
    }
    start = next;
  }
  return { fields, files };
}

function upload(kind) {
  return (app, server) => {
    app.post(`/bot:token/${kind === 'photo' ? 'sendPhoto' : 'sendDocument'}`, async (req, res) => {
      try {
        const { fields, files } = await parseMultipart(req);
        const file = files[kind];
        if (!file) {
          res.status(400).json({ ok: false, error_code: 400, description: `Bad Request: no ${kind} upload` });
          return;
        }
        const fileId = crypto.createHash('sha256').update(file.data).digest('hex').slice(0, 32);
        uploads.set(fileId, file);
        const meta = { file_id: fileId, file_unique_id: fileId, file_size: file.data.length };
        const sent = { ...fields };
        delete sent[kind];
        if (kind === 'photo') sent.photo = [{ ...meta, width: 0, height: 0 }];
        else sent.document = { ...meta, file_name: file.filename, mime_type: file.contentType };
        const result = server.addBotMessage(sent, req.params.token);
        res.json({ ok: true, result });
      } catch (error) {
        res.status(500).json({ ok: false, error_code: 500, description: String(error) });
      }
    });
  };
}

const accept = (method, result = true) => (app) => {
  app.post(`/bot:token/${method}`, (_req, res) => res.json({ ok: true, result }));
};

const editText = (app, server) => {
  app.post('/bot:token/editMessageText', (req, res) => {
    server.editMessageText(req.body);
    res.json({ ok: true, result: true });
  });
};
const editMarkup = (app, server) => {
  app.post('/bot:token/editMessageReplyMarkup', (req, res) => {
    const message = { ...req.body };
    // Removing the keyboard is recorded as an empty one, so a client can see it happened.
    message.reply_markup = message.reply_markup ? message.reply_markup : { inline_keyboard: [] };
    server.editMessageReplyMarkup(message);
    res.json({ ok: true, result: true });
  });
};
const readUpload = (app) => {
  app.get('/uploads/:fileId', (req, res) => {
    const file = uploads.get(req.params.fileId);
    if (!file) { res.status(404).end(); return; }
    res.type(file.contentType || 'application/octet-stream').send(file.data);
  });
};

// Before the package's own routes, so they win over its catch-all for unknown methods.
routes.unshift(
  upload('photo'), upload('document'), editText, editMarkup, readUpload,
  accept('getMe', { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' }),
  accept('sendChatAction'), accept('setMyCommands'), accept('answerCallbackQuery'),
);

const server = new CompatibleServer({ port, host: '127.0.0.1', storeTimeout: 3600 });
server.start().then(() => {
  console.log(`telegram-test-api listening on ${server.config.apiURL}`);
});
const stop = () => server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
