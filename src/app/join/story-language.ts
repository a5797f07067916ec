/**
 * The language a story is written in, guessed from its text (not the phone's language: a visitor in
 * Tokyo with an English phone may write in Japanese). Small on purpose, so the phone page stays small:
 *
 * 1. By script: a script used by one language names it (kana: Japanese; Hangul: Korean; Thai; Greek;
 *    Hebrew...). Kana beside Han is Japanese, Han alone Chinese. Arabic script is Arabic unless letters
 *    only Persian or Urdu use are there; Cyrillic is Russian unless Ukrainian letters are.
 * 2. Latin script: by the commonest short words of English, Spanish, Portuguese, French, German, Italian
 *    and Dutch, and by letters one of them alone uses (ñ, ã/õ, ß...). A text whose words say nothing
 *    (names, numbers, one word) is `und` (undetermined), never a guess dressed as an answer.
 *
 * The script that holds most of the letters decides, so an emoji or an English brand name in a Japanese
 * story changes nothing. Returns a BCP 47 primary language tag, or `zh-Hant` for Chinese written in
 * Traditional characters (its Han characters are drawn with the Traditional Chinese font).
 */

const SCRIPTS: readonly (readonly [RegExp, string])[] = [
  [/[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u, 'ja'],
  [/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u, 'ko'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Bengali}/u, 'bn'],
  [/\p{Script=Gurmukhi}/u, 'pa'],
  [/\p{Script=Gujarati}/u, 'gu'],
  [/\p{Script=Tamil}/u, 'ta'],
  [/\p{Script=Telugu}/u, 'te'],
  [/\p{Script=Kannada}/u, 'kn'],
  [/\p{Script=Malayalam}/u, 'ml'],
  [/\p{Script=Sinhala}/u, 'si'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Lao}/u, 'lo'],
  [/\p{Script=Khmer}/u, 'km'],
  [/\p{Script=Myanmar}/u, 'my'],
  [/\p{Script=Georgian}/u, 'ka'],
  [/\p{Script=Armenian}/u, 'hy'],
  [/\p{Script=Ethiopic}/u, 'am'],
  [/\p{Script=Latin}/u, 'latin'],
];

/** Common words, each weighed once per occurrence. Words two languages share (e.g. "de", "a") are left
 * out where they would mislead more than help. */
const WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the',
    'and',
    'of',
    'to',
    'was',
    'is',
    'it',
    'we',
    'my',
    'in',
    'that',
    'with',
    'for',
    'our',
    'they',
    'were',
    'this',
    'have',
    'from',
    'when',
    'she',
    'he',
    'i',
    'you',
    'every',
    'still',
    'after',
  ],
  es: [
    'el',
    'la',
    'los',
    'las',
    'y',
    'que',
    'del',
    'en',
    'un',
    'una',
    'es',
    'por',
    'con',
    'para',
    'mi',
    'nuestro',
    'nuestra',
    'era',
    'fue',
    'pero',
    'cuando',
    'muy',
    'todos',
    'hay',
    'años',
    'nos',
    'lo',
    'se',
    'su',
  ],
  pt: [
    'o',
    'os',
    'as',
    'e',
    'que',
    'do',
    'da',
    'dos',
    'das',
    'em',
    'um',
    'uma',
    'não',
    'com',
    'para',
    'meu',
    'minha',
    'nossa',
    'nosso',
    'foi',
    'era',
    'quando',
    'muito',
    'todos',
    'na',
    'no',
    'isso',
    'é',
    'ao',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'des',
    'du',
    'un',
    'une',
    'est',
    'que',
    'qui',
    'dans',
    'pour',
    'pas',
    'avec',
    'nous',
    'mon',
    'ma',
    'notre',
    'était',
    'il',
    'elle',
    'on',
    'au',
    'aux',
    'chaque',
    'ce',
    'je',
    'sur',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'ein',
    'eine',
    'nicht',
    'mit',
    'von',
    'zu',
    'den',
    'dem',
    'wir',
    'ich',
    'es',
    'war',
    'auf',
    'für',
    'unser',
    'unsere',
    'mein',
    'meine',
    'sie',
    'jedes',
    'jeden',
    'noch',
    'im',
    'wenn',
  ],
  it: [
    'il',
    'lo',
    'gli',
    'e',
    'che',
    'di',
    'della',
    'del',
    'un',
    'una',
    'non',
    'con',
    'per',
    'mio',
    'mia',
    'nostro',
    'era',
    'sono',
    'quando',
    'ogni',
    'ancora',
    'anni',
    'ci',
    'abbiamo',
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'van',
    'is',
    'niet',
    'met',
    'dat',
    'wij',
    'we',
    'ik',
    'mijn',
    'onze',
    'was',
    'op',
    'voor',
    'elk',
    'elke',
    'nog',
    'toen',
    'zijn',
    'er',
  ],
};

/** Letters that, where they occur, speak for one language (added to its score). */
const LETTERS: readonly (readonly [RegExp, string])[] = [
  [/ñ|¿|¡/u, 'es'],
  [/[ãõ]/u, 'pt'],
  [/ß/u, 'de'],
  [/[äöü]/u, 'de'],
  [/[èêëœ]|ç(?=[aou])/u, 'fr'],
  [/ij/u, 'nl'],
];

const INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [lang, words] of Object.entries(WORDS)) for (const w of words) m.set(w, [...(m.get(w) ?? []), lang]);
  return m;
})();

const CJK = new Set(['ja', 'zh', 'ko']);

/** Common characters written one way in Traditional Chinese and another in Simplified (the same place in
 * each string): whichever the text uses more of decides. Characters both write alike say nothing. */
const HANT = new Set(
  '們這個來為說時會對國學發過還現開關長見點問聽讓電車東書經樣種實從無與萬兩進動當體應難愛媽歲氣飛魚鳥馬門風語話讀寫買賣錢頭麼沒機場廠業處壞災傷憶記憂淚鐵銅鉛塵廢棄網紙線絲織顏邊遠運紀漁灣島濕礦燒煙熱雙歷帶傳舊號',
);
const HANS = new Set(
  '们这个来为说时会对国学发过还现开关长见点问听让电车东书经样种实从无与万两进动当体应难爱妈岁气飞鱼鸟马门风语话读写买卖钱头么没机场厂业处坏灾伤忆记忧泪铁铜铅尘废弃网纸线丝织颜边远运纪渔湾岛湿矿烧烟热双历带传旧号',
);

function traditional(text: string): boolean {
  let score = 0;
  for (const ch of text) score += HANT.has(ch) ? 1 : HANS.has(ch) ? -1 : 0;
  return score > 0;
}

/** Undetermined: the detector cannot tell. */
export const UNDETERMINED = 'und';

export function detectLanguage(text: string): string {
  const counts = new Map<string, number>();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    const hit = SCRIPTS.find(([re]) => re.test(ch));
    // A CJK character carries about as much as a short word of letters.
    if (hit) counts.set(hit[1], (counts.get(hit[1]) ?? 0) + (CJK.has(hit[1]) ? 3 : 1));
  }
  // Kana anywhere makes Han Japanese (kanji); Han letters count for Japanese then.
  if ((counts.get('ja') ?? 0) > 0) {
    counts.set('ja', (counts.get('ja') ?? 0) + (counts.get('zh') ?? 0));
    counts.delete('zh');
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  let best = ranked[0]?.[0] ?? UNDETERMINED;
  // Latin letters that name no language (a brand, an acronym) leave the word to the next script.
  if (best === 'latin') {
    const latin = latinLanguage(text);
    if (latin !== UNDETERMINED || !ranked[1]) return latin;
    best = ranked[1][0];
  }
  if (best === 'ar') return /[پچژگ]/u.test(text) ? (/[ٹڈڑںے]/u.test(text) ? 'ur' : 'fa') : /[ٹڈڑںے]/u.test(text) ? 'ur' : 'ar';
  if (best === 'ru') return /[іїєґ]/iu.test(text) ? 'uk' : 'ru';
  if (best === 'zh' && traditional(text)) return 'zh-Hant';
  return best;
}

function latinLanguage(text: string): string {
  const lower = text.toLowerCase();
  const score = new Map<string, number>();
  const add = (lang: string, n: number) => score.set(lang, (score.get(lang) ?? 0) + n);
  for (const word of lower.split(/[^\p{L}']+/u)) {
    for (const lang of INDEX.get(word) ?? []) add(lang, 1);
  }
  for (const [re, lang] of LETTERS) if (re.test(lower)) add(lang, 1.5);
  const ranked = [...score].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  // At least two pieces of evidence, and a clear lead over the runner-up.
  if (!first || first[1] < 2 || (second && first[1] - second[1] < 1)) return UNDETERMINED;
  return first[0];
}
