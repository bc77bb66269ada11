import type { ErrorArea, ErrorSpec, VenueText } from '@mockex/domain';
import { code, escapeProse, page, table } from './markdown.ts';

const AREAS: Record<ErrorArea, { title: string; intro: string }> = {
  common: {
    title: 'Common errors',
    intro: 'These can come from the key API and from the exchange alike, in the shape of whichever answered.',
  },
  'key-api': {
    title: 'Key API errors (`/trpc`)',
    intro:
      'The key API answers with a tRPC error: `{"error": {"message": "...", "code": <JSON-RPC code>, "data": {"appCode": "KEY_LIMIT_REACHED", "httpStatus": 409, ...}}}`. Read `error.data.appCode`; the HTTP status of the response is `httpStatus`.',
  },
  exchange: {
    title: 'Exchange errors (`/fapi/v1`)',
    intro:
      'The exchange answers with its failure envelope: `{"success": false, "errors": [{"code": ..., "text": "...", "reason": "RATE_LIMITED"}]}`. Read `errors[0].reason`; `text` is the message below.',
  },
  sandbox: {
    title: 'Sandbox control-plane errors (`/sandbox/v1`)',
    intro: 'Returned by the sandbox control plane when a test or demo drives it.',
  },
};

/**
 * The error reference page: every code of the catalogue with its status, text, cause and fix, then the
 * venue's own texts that travel under those codes.
 */
export function renderErrorReference(
  errors: Readonly<Record<string, ErrorSpec>>,
  venueTexts: Readonly<Record<string, VenueText>> = {},
): string {
  const entries = Object.entries(errors);
  if (entries.length === 0) throw new Error('the error catalogue is empty: nothing to document');
  const parts: string[] = [
    'Every error Mockex can return is listed here, generated from the error catalogue in',
    '`packages/domain/src/errors.ts`, the same table the server uses to build its responses, so this page',
    'cannot disagree with what you receive. Text in `{braces}` is filled in per occurrence.',
    '',
    "Program against the **code** (the exchange's `reason`, the key API's `appCode`): it is stable. Messages",
    'are for people and may gain detail. Texts copied from the real venue, such as `Invalid Authentication`',
    'and `position not in sync with exchange`, are reproduced exactly.',
    '',
    table(
      ['Code', 'Status', 'Area'],
      entries.map(([name, spec]) => [`[${code(name)}](#${anchor(name)})`, String(spec.status), spec.area]),
    ),
  ];
  for (const [area, about] of Object.entries(AREAS) as [ErrorArea, (typeof AREAS)[ErrorArea]][]) {
    const inArea = entries.filter(([, spec]) => spec.area === area);
    if (inArea.length === 0) continue;
    parts.push('', `## ${escapeProse(about.title)}`, '', escapeProse(about.intro));
    for (const [name, spec] of inArea) {
      parts.push(
        '',
        `### ${name} {/* #${anchor(name)} */}`,
        '',
        `**HTTP ${spec.status}** · ${code(spec.message)}`,
        '',
        `**Cause:** ${escapeProse(spec.cause)}`,
        '',
        `**What to do:** ${escapeProse(spec.fix)}`,
      );
    }
  }
  const texts = Object.values(venueTexts);
  if (texts.length > 0) {
    const unknown = texts.filter((t) => !(t.reason in errors));
    if (unknown.length)
      throw new Error(`venue texts under unknown codes: ${unknown.map((t) => t.text).join(', ')}`);
    parts.push(
      '',
      "## The venue's own texts",
      '',
      escapeProse(
        "Where the real venue answers a case with a text of its own, Mockex answers with exactly that text, so bots and client libraries (ccxt's `mudrex` class maps these texts to its exception classes) behave as they do in production. Each travels under one of the codes above, in `reason`. `code` in the envelope is the HTTP status, except `null` for `position not in sync with exchange` and for every refusal of a wallet transfer, as the venue sends them.",
      ),
      '',
      table(
        ['Text', 'Status', 'Reason', 'When'],
        texts.map((t) => [
          code(t.text),
          String(errors[t.reason]!.status),
          `[${code(t.reason)}](#${anchor(t.reason)})`,
          escapeProse(t.when),
        ]),
      ),
    );
  }
  const unknownArea = entries.filter(([, spec]) => !(spec.area in AREAS));
  if (unknownArea.length)
    throw new Error(`errors with an undocumented area: ${unknownArea.map(([n]) => n).join(', ')}`);
  return page(
    {
      id: 'errors',
      title: 'Error reference',
      description: 'Every error code Mockex returns: HTTP status, message, cause and fix.',
      source: 'ERRORS in @mockex/domain',
    },
    parts.join('\n'),
  );
}

export function anchor(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}
