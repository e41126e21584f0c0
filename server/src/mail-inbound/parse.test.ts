import { readFileSync } from 'node:fs';
import { LIMITS } from '@atendo/shared';
import EmailReplyParser from 'email-reply-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractReply, parseInbound, type DropReason, type InboundMail } from './parse';

const DOMAIN = 'reply.example.com';
const OPTS = { inboundDomain: DOMAIN, maxBytes: 1024 * 1024 };

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
/** The same bytes with CRLF line ends, as the message travels over SMTP (the fixtures are stored with LF). */
const crlf = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

function reply(mail: InboundMail) {
  if (mail.kind !== 'reply') throw new Error(`expected a reply, got dropped: ${mail.reason}`);
  return mail;
}

/** A minimal message to the reply address, with `headers` added and the body given. */
function message(headers: string[], body = 'Thanks, that helps.\n', from = 'Visitor <visitor@example.org>') {
  return Buffer.from(
    [
      `From: ${from}`,
      `To: Acme Support <reply+tok123@${DOMAIN}>`,
      'Subject: Re: Your conversation with Acme Support',
      'Date: Thu, 3 Dec 2026 10:00:00 +0000',
      'Message-ID: <test.1@example.org>',
      'MIME-Version: 1.0',
      ...headers,
      ...(headers.some((h) => /^content-type:/i.test(h)) ? [] : ['Content-Type: text/plain; charset=utf-8']),
      '',
      body,
    ].join('\r\n'),
  );
}

describe('fixtures: replies', () => {
  const cases: { file: string; from: { address: string; name: string }; token: string; messageId: string; text: string }[] = [
    {
      file: 'gmail-reply-en.eml',
      from: { address: 'maria.jones@gmail.com', name: 'Maria Jones' },
      token: 'sbglkhdsk242f4xnngfrc6dsysip57ia',
      messageId: '<CAF3u1wQm9Zp4kVtR2yXn7bH8eJcLd5sGq6aWoT0iU1fNrP3Yvw@mail.gmail.com>',
      text: 'Thanks! The new invoice arrived and the amount is right now.\n\nCould you also send the receipt for November?\n\nMaria',
    },
    {
      // "Em qua., 2 de dez. de 2026 às 14:05, Acme Suporte <" wrapped before the address, quoted-printable UTF-8
      file: 'gmail-reply-pt-br.eml',
      from: { address: 'joana.souza@gmail.com', name: 'Joana Souza' },
      token: 'ygl35xtpx3wyxxjfe3ejalhw75uvubxn',
      messageId: '<CAJx8pLr2Vt7kQw9mZ3nYbH5sEcFd1gUa6oXiT4jN0eRhP8Kq2w@mail.gmail.com>',
      text: 'Olá! Recebi o código de rastreio, obrigada.\n\nA entrega chega até sexta-feira?\n\nJoana',
    },
    {
      // Classic Outlook: windows-1251, unquoted history under "От: … Отправлено: … Кому: … Тема: …"
      file: 'outlook-reply-ru.eml',
      from: { address: 'ivan.petrov@example.ru', name: 'Иван Петров' },
      token: 'mnt2br244pnv3hcwyvurzmdm6ut2i3q5',
      messageId: '<000601dd63a8$4f2e1b30$ed8c5190$@example.ru>',
      text: 'Спасибо, заказ получил, всё в порядке.\n\nПодскажите, можно ли оформить возврат одной позиции?\n\nС уважением,\n\nИван Петров',
    },
    {
      // iPhone Mail: quoted-printable soft breaks, "Sent from my iPhone", the attribution inside the quote, a BOM
      file: 'apple-mail-reply-en.eml',
      from: { address: 'tom.baker@icloud.com', name: 'Tom Baker' },
      token: 'uqtxtlzclo4vtprovxr2vil3ud4wxjpv',
      messageId: '<8C1F2A7E-3B4D-4E5F-9A6B-7C8D9E0F1A2B@icloud.com>',
      text: 'Perfect, that’s exactly what I needed — I’ll try the new settings tonight and let you know how it goes.',
    },
    {
      // Gmail ru: base64 UTF-8, "ср, 2 дек. 2026 г. в 10:00, Acme Поддержка <" wrapped before the address, encoded-word names
      file: 'gmail-reply-ru.eml',
      from: { address: 'olga.smirnova@gmail.com', name: 'Ольга Смирнова' },
      token: 'rrwxgbnhxib2fpsnn3lqcm5q4gaq76iv',
      messageId: '<CAH5rTq9Xw2Lm7Vp3nZk8yBc4sJd6gFe1aUoWi0tN9hR2qP7Kxw@mail.gmail.com>',
      text: 'Здравствуйте!\n\nДа, адрес правильный: ул. Ленина, д. 5, кв. 12. Курьеру лучше звонить\nпосле 18:00.\n\nСпасибо,\nОльга',
    },
    {
      // Outlook in plain-text mode: "-----Original Message-----", then From/Sent/To/Subject, unquoted history. "Best
      // regards," starts a signature for email-reply-parser (en only: "Atenciosamente," and "С уважением," stay)
      file: 'outlook-reply-en.eml',
      from: { address: 'david.miller@northwind.example', name: 'David Miller' },
      token: 'j5eul3bvqp44yezcucrspw7r7pfbp5wu',
      messageId: '<001a01dd64b2$7c3e9f10$74bbdd30$@northwind.example>',
      text: "Hi,\n\nThanks for the quick answer. We'd like to upgrade to the annual plan from January 1st; please send the quote to accounts@northwind.example.",
    },
    {
      // Classic Outlook pt-BR: iso-8859-1 quoted-printable, "De: … Enviado: … Para: … Assunto: …" block, an HTML part
      file: 'outlook-reply-pt-br.eml',
      from: { address: 'carlos.pereira@exemplo.com.br', name: 'Carlos Pereira' },
      token: 'naln3dhe4emwj5rg7wiudmympvtrz6uh',
      messageId: '<002b01dd64c9$e51f0a40$af5d1ec0$@exemplo.com.br>',
      text: 'Bom dia,\n\nConfirmo a troca do produto. Posso levar na loja do Shopping Eldorado no sábado?\n\nAtenciosamente,\n\nCarlos Pereira',
    },
    {
      // iPhone Mail pt-BR: "Enviado do meu iPhone", "Em 2 de dez. de 2026, à(s) 10:00, … escreveu:" inside the quote, a BOM
      file: 'apple-mail-reply-pt-br.eml',
      from: { address: 'rafael.lima@icloud.com', name: 'Rafael Lima' },
      token: 'zf2hosmlat72gpg63cdijedfjif5sfvb',
      messageId: '<4E7B9C21-6D3A-4F58-8B2E-1A9C0D7E5F34@icloud.com>',
      text: 'Oi! Pode ser na segunda-feira, depois das 14h? Vou estar em casa a tarde toda.',
    },
    {
      // Apple Mail on a Mac, ru: KOI8-R quoted-printable, "2 дек. 2026 г., в 10:00, … написал(а):" above the quote
      file: 'apple-mail-reply-ru.eml',
      from: { address: 'alexey.volkov@me.com', name: 'Алексей Волков' },
      token: 'vdjbgohek6h3qdj3nyqfwnk2omwbmfc2',
      messageId: '<B3E1D7A2-0C4F-4A86-9E5B-7F2D61C8A049@me.com>',
      text: 'Добрый день!\n\nСчёт получил, оплачу до пятницы. Закрывающие документы пришлите, пожалуйста, почтой.\n\nАлексей',
    },
    {
      // text/html only (Yahoo webmail): the text comes from the HTML, the blockquote and the attribution stripped
      file: 'html-only-reply.eml',
      from: { address: 'li.wei@yahoo.com', name: 'Li Wei' },
      token: 'zb5d73hkcywdlqnictdsesmvh64tpt3w',
      messageId: '<1283746519.4417203.1796324592817@mail.yahoo.com>',
      text: 'Hi, I checked again & the order page loads fine now.\n\nOne more question: can I change the delivery address to my office?',
    },
    {
      file: 'reply-with-image.eml',
      from: { address: 'sam.okafor@gmail.com', name: 'Sam Okafor' },
      token: 'zgp6ucscifhkxpgi6o2hebppylkqt2un',
      messageId: '<CAN7yQe4Hw2Zp9Lr5Vt1mXc8JbKd3sFg0aUoYi6TnE2wRqP4Mzg@mail.gmail.com>',
      text: 'Here is a screenshot of the error I get at checkout.',
    },
  ];

  for (const c of cases) {
    for (const [ends, load] of [
      ['LF', (f: string) => fixture(f)],
      ['CRLF', (f: string) => crlf(fixture(f))],
    ] as const) {
      it(`${c.file} (${ends}): the reply only`, async () => {
        const mail = reply(await parseInbound(load(c.file), OPTS));
        expect(mail.text).toBe(c.text);
        expect(mail.from).toEqual(c.from);
        expect(mail.tokens).toEqual([c.token]);
        expect(mail.messageId).toBe(c.messageId);
      });
    }
  }

  it('reply-with-image.eml: the base64 image is an attachment, byte for byte', async () => {
    const mail = reply(await parseInbound(fixture('reply-with-image.eml'), OPTS));
    expect(mail.attachments).toHaveLength(1);
    const [image] = mail.attachments;
    expect(image!.filename).toBe('checkout-error.png');
    expect(image!.contentType).toBe('image/png');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==', 'base64');
    expect(image!.bytes.equals(png)).toBe(true);
  });

  it('the other replies carry no attachment', async () => {
    for (const c of cases.filter((c) => c.file !== 'reply-with-image.eml')) {
      expect(reply(await parseInbound(fixture(c.file), OPTS)).attachments, c.file).toEqual([]);
    }
  });
});

describe('fixtures: dropped', () => {
  const cases: [string, DropReason][] = [
    ['auto-reply-ooo.eml', 'auto-reply'], // Exchange out-of-office: Auto-Submitted: auto-replied
    ['bounce-dsn.eml', 'bounce'], // Postfix DSN: multipart/report from MAILER-DAEMON
    ['mailing-list.eml', 'list'], // Google Groups: List-Id, List-Unsubscribe, Precedence: list
    ['no-token.eml', 'no-token'], // support@, reply@, a reply address in a display name, one of another domain
    ['garbage.eml', 'malformed'],
  ];
  for (const [file, reason] of cases) {
    it(`${file}: ${reason}`, async () => {
      expect(await parseInbound(fixture(file), OPTS)).toEqual({ kind: 'dropped', reason });
      expect(await parseInbound(crlf(fixture(file)), OPTS)).toEqual({ kind: 'dropped', reason });
    });
  }
  it('machine mail is dropped even though it is addressed to a valid reply token', async () => {
    for (const file of ['auto-reply-ooo.eml', 'bounce-dsn.eml', 'mailing-list.eml']) {
      expect(fixture(file).toString('latin1'), file).toMatch(/reply\+[A-Za-z0-9]+@reply\.example\.com/);
    }
  });
});

describe('drop rules', () => {
  const cases: [string[], DropReason | 'reply', string?][] = [
    [['Auto-Submitted: auto-generated'], 'auto-reply'],
    [['Auto-Submitted: auto-replied; owner-email="a@example.org"'], 'auto-reply'],
    [['Auto-Submitted: No'], 'reply'],
    [['Precedence: bulk'], 'list'],
    [['Precedence: list'], 'list'],
    [['Precedence: junk'], 'auto-reply'],
    [['X-Autoreply: yes'], 'auto-reply'],
    [['X-Autorespond: Out of office'], 'auto-reply'],
    [['X-Auto-Response-Suppress: All'], 'auto-reply'],
    [['X-Auto-Response-Suppress: DR, RN, NRN, OOF'], 'auto-reply'],
    [['X-Auto-Response-Suppress: AutoReply'], 'auto-reply'],
    [['X-Auto-Response-Suppress: DR, RN'], 'reply'],
    [['Return-Path: <>'], 'bounce'],
    [['Return-Path: <visitor@example.org>'], 'reply'],
    [['List-Id: Customers <customers.lists.example.org>'], 'list'],
    [['List-Unsubscribe: <mailto:unsubscribe@lists.example.org>'], 'list'],
    [['Content-Type: multipart/report; report-type=delivery-status; boundary="b"'], 'bounce'],
    [[], 'bounce', 'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>'],
    [[], 'bounce', 'postmaster@example.org'],
    [[], 'reply'],
  ];
  for (const [headers, expected, from] of cases) {
    it(`${headers.join(' | ') || from || 'a plain reply'} → ${expected}`, async () => {
      const mail = await parseInbound(message(headers, 'Thanks, that helps.\n', from), OPTS);
      expect(mail.kind === 'reply' ? 'reply' : mail.reason).toBe(expected);
    });
  }
});

describe('tokens', () => {
  it('every reply address of the inbound domain in To, Cc, Delivered-To and X-Original-To, each once whatever its case, in order', async () => {
    const raw = Buffer.from(
      [
        'Delivered-To: reply+dddd@reply.example.com',
        'X-Original-To: <reply+aaaa@reply.example.com>',
        'X-Original-To: reply+eeee@Reply.Example.Com.',
        'From: Visitor <visitor@example.org>',
        'To: "Acme" <reply+AAAA@REPLY.EXAMPLE.COM>, Someone Else <someone@example.org>,',
        ' "reply+nope1@reply.example.com" <visitor2@example.org>',
        'Cc: reply+bbbb@reply.example.com, reply+cccc@other.example.org,',
        ' Team: reply+Mixed_Case-9@reply.example.com, reply+xyz@sub.reply.example.com;',
        'Bcc: reply+nope2@reply.example.com',
        'Message-ID: <tokens@example.org>',
        '',
        'Hello',
      ].join('\r\n'),
    );
    expect(reply(await parseInbound(raw, OPTS)).tokens).toEqual(['AAAA', 'bbbb', 'Mixed_Case-9', 'dddd', 'eeee']);
  });

  it('the inbound domain option is compared case-insensitively too', async () => {
    expect(reply(await parseInbound(message([]), { ...OPTS, inboundDomain: 'Reply.Example.COM' })).tokens).toEqual(['tok123']);
  });

  it('only a token of another domain: no-token', async () => {
    const raw = Buffer.from(message([]).toString().replace(`reply+tok123@${DOMAIN}`, 'reply+tok123@reply.example.org'));
    expect(await parseInbound(raw, OPTS)).toEqual({ kind: 'dropped', reason: 'no-token' });
  });

  it('not a token: reply@, reply+@, a token with characters outside base64url', async () => {
    for (const to of [`reply@${DOMAIN}`, `reply+@${DOMAIN}`, `"reply+a b"@${DOMAIN}`, `reply+a.b@${DOMAIN}`, `noreply+abc@${DOMAIN}`]) {
      const raw = Buffer.from(message([]).toString().replace(`reply+tok123@${DOMAIN}`, to));
      expect(await parseInbound(raw, OPTS), to).toEqual({ kind: 'dropped', reason: 'no-token' });
    }
  });
});

describe('sizes', () => {
  it('a message larger than maxBytes is refused before it is parsed; one of exactly maxBytes is parsed', async () => {
    const raw = fixture('gmail-reply-en.eml');
    expect(await parseInbound(raw, { ...OPTS, maxBytes: raw.length - 1 })).toEqual({ kind: 'dropped', reason: 'too-large' });
    expect((await parseInbound(raw, { ...OPTS, maxBytes: raw.length })).kind).toBe('reply');
  });

  it('the text is capped at the shared message length', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Line ${i} of a very long reply.`).join('\n');
    const mail = reply(await parseInbound(message([], long), OPTS));
    expect(long.length).toBeGreaterThan(LIMITS.messageLength);
    expect(mail.text).toHaveLength(LIMITS.messageLength);
    expect(mail.text.endsWith('…')).toBe(true);
    expect(long.startsWith(mail.text.slice(0, -1))).toBe(true);
  });

  it('a long quoted history does not hide the reply above it', async () => {
    const history = Array.from({ length: 3000 }, (_, i) => `> Earlier message line ${i}`).join('\n');
    const body = `Yes, please go ahead.\n\nOn Wed, Dec 2, 2026 at 2:05 PM Acme Support <reply+tok123@reply.example.com> wrote:\n\n${history}\n`;
    expect(reply(await parseInbound(message([], body), OPTS)).text).toBe('Yes, please go ahead.');
  });

  it('text built to make the quote regexes backtrack is handled quickly', async () => {
    for (const line of ['在 a', 'Op a', 'W dniu a', 'Em 1:11 a b', '1 a 1:11 b']) {
      const started = performance.now();
      const mail = reply(await parseInbound(message([], `${line}\n`.repeat(50_000)), { ...OPTS, maxBytes: 10 * 1024 * 1024 }));
      expect(mail.text.length).toBeLessThanOrEqual(LIMITS.messageLength);
      expect(performance.now() - started, line).toBeLessThan(3000);
    }
  });

  it('the cap never leaves half a surrogate pair', async () => {
    const text = `${'a'.repeat(LIMITS.messageLength - 2)}😀😀😀`;
    const capped = reply(await parseInbound(message([], text), OPTS)).text;
    expect(capped.length).toBeLessThanOrEqual(LIMITS.messageLength);
    expect(capped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('empty', () => {
  it('nothing but the quoted history: empty', async () => {
    const body = 'On Wed, Dec 2, 2026 at 2:05 PM Acme Support <reply+tok123@reply.example.com> wrote:\n\n> Hello\n> How can we help?\n';
    expect(await parseInbound(message([], body), OPTS)).toEqual({ kind: 'dropped', reason: 'empty' });
  });

  it('nothing but a signature: empty', async () => {
    expect(await parseInbound(message([], '\n\nSent from my iPhone\n'), OPTS)).toEqual({ kind: 'dropped', reason: 'empty' });
  });

  it('a file without text is a reply with empty text', async () => {
    const raw = Buffer.from(
      [
        'From: visitor@example.org',
        `To: reply+tok123@${DOMAIN}`,
        'Message-ID: <file.only@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '',
        '--b',
        'Content-Type: application/pdf; name="invoice.pdf"',
        'Content-Disposition: attachment; filename="invoice.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
        '--b--',
        '',
      ].join('\r\n'),
    );
    const mail = reply(await parseInbound(raw, OPTS));
    expect(mail.text).toBe('');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.bytes.toString()])).toEqual([['invoice.pdf', 'application/pdf', '%PDF-1.4\n%%EOF\n']]);
  });
});

describe('malformed input never throws', () => {
  const isResult = (m: InboundMail) => m.kind === 'reply' || ['auto-reply', 'bounce', 'list', 'no-token', 'empty', 'too-large', 'malformed'].includes(m.reason);

  it('no sender, an empty buffer, a lone header, a body without headers: malformed', async () => {
    for (const raw of [
      '',
      '\r\n\r\n',
      'Subject: hi',
      `To: reply+tok123@${DOMAIN}\r\n\r\nHello`,
      'just some words\nand more',
      'From: not an address\r\n\r\nx',
    ]) {
      expect(await parseInbound(Buffer.from(raw), OPTS), JSON.stringify(raw)).toEqual({ kind: 'dropped', reason: 'malformed' });
    }
  });

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        expect(isResult(await parseInbound(Buffer.from(bytes), OPTS))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('every fixture cut short or with bytes overwritten', async () => {
    const files = [
      'gmail-reply-en.eml',
      'gmail-reply-ru.eml',
      'outlook-reply-ru.eml',
      'apple-mail-reply-ru.eml',
      'reply-with-image.eml',
      'bounce-dsn.eml',
      'html-only-reply.eml',
    ].map(fixture);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        async (which, cut, flips) => {
          const source = files[which]!;
          const raw = Buffer.from(source.subarray(0, cut % (source.length + 1)));
          for (const [at, byte] of flips) if (raw.length) raw[at % raw.length] = byte;
          expect(isResult(await parseInbound(raw, OPTS))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a message without a Message-ID gets a stable one, so a second delivery is still recognised', async () => {
    const raw = message([]).toString().replace('Message-ID: <test.1@example.org>\r\n', '');
    const first = reply(await parseInbound(Buffer.from(raw), OPTS));
    const again = reply(await parseInbound(Buffer.from(`Received: from relay2.example.net by mx.reply.example.com\r\n${raw}`), OPTS));
    expect(first.messageId).toMatch(/^<[0-9a-f]{64}@inbound\.atendo\.invalid>$/);
    expect(again.messageId).toBe(first.messageId);
  });
});

describe('extractReply: what email-reply-parser misses (pt-BR, ru, Outlook blocks)', () => {
  const reply = 'Obrigado!\n\nJoana';
  const cases: [string, string, string][] = [
    [
      'ru Gmail, a Thursday ("чт,"; the library knows only "ср,")',
      'Спасибо, всё работает.\n\nчт, 3 дек. 2026 г. в 14:05, Acme Support <reply+tok@reply.example.com>:\n\n> Здравствуйте!\n> Попробуйте ещё раз.\n',
      'Спасибо, всё работает.',
    ],
    [
      'ru Apple Mail "… написал(а):"',
      'Спасибо, всё работает.\n\n2 дек. 2026 г., в 14:05, Acme Support <reply+tok@reply.example.com> написал(а):\n\n> Здравствуйте!\n',
      'Спасибо, всё работает.',
    ],
    [
      'ru Apple Mail, the attribution wrapped over two lines',
      'Спасибо!\n\n2 дек. 2026 г., в 14:05, Acme Support\n<reply+tok@reply.example.com> написал(а):\n\n> Здравствуйте!\n',
      'Спасибо!',
    ],
    ['ru Thunderbird "… пишет:"', 'Да, подходит.\n\n02.12.2026 14:05, Acme Support пишет:\n> Вам подходит завтра?\n', 'Да, подходит.'],
    [
      'ru Mail.ru "Среда, … от …:"',
      'Да, подходит.\n\nСреда, 2 декабря 2026, 14:05 +03:00 от Acme Support <reply+tok@reply.example.com>:\n\n> Вам подходит завтра?\n',
      'Да, подходит.',
    ],
    [
      'pt-BR Outlook "De: … Enviado: …", no blank line before it',
      `${reply}\nDe: Acme Suporte <reply+tok@reply.example.com>\nEnviado: quarta-feira, 2 de dezembro de 2026 14:05\nPara: Joana Souza <joana@example.com.br>\nAssunto: RE: Pedido 4512\n\nOlá, Joana!\n`,
      reply,
    ],
    [
      'en Outlook "From:" with a display name only',
      'Works now, thanks.\n\nFrom: Acme Support\nSent: Wednesday, December 2, 2026 2:05 PM\nTo: Tom Baker\nSubject: RE: Login\n\nPlease try again.\n',
      'Works now, thanks.',
    ],
    [
      'ru Outlook "-----Исходное сообщение-----"',
      'Получил.\n\n-----Исходное сообщение-----\nОт: Acme Support\nОтправлено: 2 декабря 2026 г. 14:05\n\nТекст\n',
      'Получил.',
    ],
    ['pt-BR "Enviado do meu iPhone"', `${reply}\n\nEnviado do meu iPhone\n`, reply],
    ['ru "Отправлено с iPhone"', 'Спасибо!\n\nОтправлено с iPhone\n', 'Спасибо!'],
    ['ru "Отправлено из мобильной Почты Mail.ru"', 'Спасибо!\n\nОтправлено из мобильной Почты Mail.ru\n', 'Спасибо!'],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => {
      expect(extractReply(body)).toBe(expected);
      // The library alone keeps something it should not: the reason for the addition.
      expect(new EmailReplyParser().read(body).getVisibleText().trim()).not.toBe(expected);
    });
  }

  it('the "-- " signature delimiter and what follows go', () => {
    expect(extractReply('See you tomorrow.\n\n-- \nJoana Souza\n+55 11 91234-5678\n')).toBe('See you tomorrow.');
  });

  it('lines that only look like quote headers stay', () => {
    for (const body of [
      'От: склада до двери — сколько дней?',
      'Em breve eu escrevo de novo: obrigado.',
      'De: São Paulo para Campinas, quanto custa o frete?',
      'Enviado do meu iPhone hoje de manhã, mas a foto não chegou.\nPodem verificar?',
      '2 заказа я получил, а третий пишет:\n"в пути".',
    ]) {
      expect(extractReply(body), body).toBe(body);
    }
  });
});
