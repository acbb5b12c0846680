import { createHash } from 'node:crypto';

// Letters a person cannot confuse with each other or with digits (no B/D/G/I/J/O/Q/S).
// Each glyph is drawn as strokes on a 4 x 6 grid, so the word never appears as text in the page
// where a bot could read it from the DOM.
const GLYPHS: Readonly<Record<string, string>> = {
  A: 'M0 6L2 0L4 6M0.8 3.8H3.2',
  C: 'M4 1L3 0H1L0 1V5L1 6H3L4 5',
  E: 'M4 0H0V6H4M0 3H3',
  F: 'M4 0H0V6M0 3H3',
  H: 'M0 0V6M4 0V6M0 3H4',
  K: 'M0 0V6M4 0L0 4M1.4 2.6L4 6',
  L: 'M0 0V6H4',
  M: 'M0 6V0L2 3.5L4 0V6',
  N: 'M0 6V0L4 6V0',
  P: 'M0 6V0H3L4 1V2L3 3H0',
  R: 'M0 6V0H3L4 1V2L3 3H0M2 3L4 6',
  T: 'M0 0H4M2 0V6',
  U: 'M0 0V5L1 6H3L4 5V0',
  V: 'M0 0L2 6L4 0',
  W: 'M0 0L1 6L2 2L3 6L4 0',
  X: 'M0 0L4 6M4 0L0 6',
  Y: 'M0 0L2 3L4 0M2 3V6',
  Z: 'M0 0H4L0 6H4',
};
const LETTERS = Object.keys(GLYPHS).join('');
const WORD_LENGTH = 5;
const WIDTH = 220;
const HEIGHT = 80;

/**
 * The word the carrier portal's CAPTCHA asks for: fixed by the session id and the number of
 * wrong answers so far, so a test can solve it without the page giving it away.
 */
export function captchaWord(sessionId: string, wrongAnswers = 0): string {
  const digest = createHash('sha256').update(`carrier-portal captcha\0${sessionId}\0${wrongAnswers}`).digest();
  let word = '';
  for (let index = 0; index < WORD_LENGTH; index++) word += LETTERS[(digest[index] ?? 0) % LETTERS.length] ?? 'X';
  return word;
}

/** True when `answer` is `word`, ignoring case and surrounding or inner spaces as people type them. */
export function captchaMatches(word: string, answer: string): boolean {
  return answer.replace(/\s+/g, '').toUpperCase() === word;
}

/** Draws `word` as an inline SVG of tilted, jittered strokes crossed by noise lines. */
export function renderCaptchaSvg(word: string, random: () => number = Math.random): string {
  const between = (min: number, max: number): number => Math.round((min + random() * (max - min)) * 10) / 10;
  const letters = [...word].map((letter, index) => {
    const x = 22 + index * 38 + between(-3, 3);
    const y = 16 + between(-6, 6);
    const scale = between(6.2, 7.6);
    // Rotating about the glyph's centre (14, 21 at the base size 7) keeps letters in their slots.
    const transform = `translate(${x} ${y}) rotate(${between(-18, 18)} 14 21) skewX(${between(-12, 12)}) scale(${scale})`;
    // The stroke width is in grid units, so it grows with the letter.
    return `<path d="${GLYPHS[letter] ?? ''}" transform="${transform}" stroke-width="${between(0.45, 0.65)}"/>`;
  });
  const noise = Array.from({ length: 5 }, () => {
    const [x1, y1, cx, cy, x2, y2] = [between(0, 40), between(5, 75), between(60, 160), between(0, 80), between(180, 220), between(5, 75)];
    return `<path d="M${x1} ${y1}Q${cx} ${cy} ${x2} ${y2}" stroke-width="${between(1, 2.2)}"/>`;
  });
  const dots = Array.from({ length: 40 }, () => `<circle cx="${between(0, WIDTH)}" cy="${between(0, HEIGHT)}" r="${between(0.6, 1.6)}"/>`);
  return (
    `<svg id="captcha-image" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Distorted letters to type">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#eef2f6"/>` +
    `<g fill="#6b7c93" stroke="none">${dots.join('')}</g>` +
    `<g fill="none" stroke="#1e3a5f" stroke-linecap="round" stroke-linejoin="round">${letters.join('')}</g>` +
    `<g fill="none" stroke="#52606d" stroke-linecap="round">${noise.join('')}</g>` +
    '</svg>'
  );
}
