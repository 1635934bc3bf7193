// Words and templates for synthetic brand chatter. {brand} is the brand's name, {handle} its
// @-handle, {tag} its hashtag; other slots draw from the lists below.

export const PLACES = [
  'New York, NY', 'Brooklyn, NY', 'Los Angeles, CA', 'San Francisco, CA', 'Chicago, IL', 'Austin, TX',
  'Houston, TX', 'Seattle, WA', 'Portland, OR', 'Denver, CO', 'Boston, MA', 'Atlanta, GA', 'Miami, FL',
  'Philadelphia, PA', 'Washington, DC', 'Toronto, Canada', 'Vancouver, BC', 'Montréal, Québec',
  'Mexico City', 'São Paulo, Brasil', 'Buenos Aires', 'London', 'Manchester, England', 'Dublin, Ireland',
  'Edinburgh, Scotland', 'Paris, France', 'Lyon, France', 'Berlin, Germany', 'München', 'Hamburg',
  'Amsterdam', 'Brussels', 'Madrid', 'Barcelona', 'Lisboa, Portugal', 'Roma', 'Milano', 'Zürich',
  'Wien, Österreich', 'Stockholm', 'Copenhagen', 'Oslo', 'Helsinki', 'Warsaw, Poland', 'Prague',
  'Istanbul', 'Athens, Greece', 'Cairo, Egypt', 'Lagos, Nigeria', 'Nairobi, Kenya', 'Cape Town',
  'Johannesburg', 'Dubai', 'Mumbai, India', 'Bangalore', 'New Delhi', 'Singapore', 'Jakarta',
  'Manila', 'Tokyo', 'Osaka', 'Seoul', 'Sydney, Australia', 'Melbourne', 'Auckland, NZ', 'Earth', 'everywhere & nowhere',
];

export const FIRST = [
  'alex', 'sam', 'jordan', 'taylor', 'morgan', 'casey', 'jamie', 'riley', 'avery', 'quinn', 'maria', 'jose',
  'li', 'wei', 'aisha', 'omar', 'fatima', 'yuki', 'hana', 'lars', 'ingrid', 'pierre', 'camille', 'lucas',
  'emma', 'noah', 'olivia', 'liam', 'sofia', 'mateo', 'priya', 'arjun', 'chloe', 'finn', 'nina', 'ivan',
  'tariq', 'zoe', 'kofi', 'amara', 'diego', 'lena', 'marco', 'giulia', 'kenji', 'mei', 'sara', 'tom',
];
export const LAST = [
  'smith', 'garcia', 'nguyen', 'kim', 'mueller', 'rossi', 'dubois', 'silva', 'khan', 'okafor', 'tanaka',
  'johansson', 'kowalski', 'ivanova', 'lopez', 'brown', 'patel', 'cohen', 'wright', 'martin', 'moreau',
];
export const BIO = [
  'coffee first. opinions my own.', 'product designer · runner · dog person', 'I tweet about tech and travel',
  'dad, engineer, bad jokes', 'journalist covering consumer tech', 'small business owner', 'student 📚',
  'photographer | traveller | foodie', 'ex-barista, current nerd', 'marketing @ a startup you have not heard of',
  'cyclist. baker. sometimes both.', 'reviews, unboxings and rants', 'nurse & night owl', 'building things on the internet',
  '', '', '',
];

export const POSITIVE = [
  'Just tried {brand} and honestly it is amazing {emo_pos}',
  'Shoutout to {handle} for the fastest support I have ever had',
  'Loving the new {product} from {brand}! {tag}',
  '{handle} you made my day, thank you!',
  'Switched to {brand} last month, best decision this year',
  'The {feature} on {brand} is so good. Highly recommend {emo_pos}',
  'Great experience with {brand} today, the team was super helpful',
  '{brand} just keeps getting better {tag} {emo_pos}',
  'Huge fan of {brand}. Would love to be part of their community',
  'My {product} from {handle} arrived early and works perfectly',
];
export const NEUTRAL = [
  'Has anyone used {brand} for {usecase}?',
  'Thinking about trying {brand}, any thoughts?',
  '{handle} what time does support open on weekends?',
  'Reading about the new {product} from {brand} {tag}',
  'Comparing {brand} with a couple of alternatives for {usecase}',
  'Is the {feature} on {brand} available in my country?',
  '{brand} announced something today, details at https://example.com/news',
  'Ordered a {product} from {brand}, will report back',
  'Does {brand} have a student discount? {handle}',
  'Watching a review of {brand} {product}',
];
export const NEGATIVE = [
  '{handle} my order is three weeks late and nobody answers {emo_neg}',
  'Really disappointed with {brand} lately {emo_neg}',
  'The {feature} on {brand} has been broken all day. Fix it please {handle}',
  'Cancelled my {brand} subscription, the price hike is not worth it',
  '{brand} support kept me on hold for an hour {emo_neg} {tag}',
  'Why is {brand} {product} so slow now? Terrible update',
  'Worst customer service ever, {handle}. Still waiting for a refund',
  '{brand} charged me twice and will not reply. Not happy',
  'Never buying from {brand} again {emo_neg}',
  'My {product} stopped working after a week {handle}',
];
export const OFF_TOPIC = [
  'Anyone else think Mondays should be illegal?', 'Best pizza in town, fight me', 'Rainy day, perfect for reading',
  'Just finished a 10k run!', 'What are you all watching this weekend?', 'Coffee number three and it is not even noon',
  'New blog post on productivity tips https://example.org/post', 'The sunset today was unreal', 'Learning to bake sourdough, wish me luck',
  'Traffic is a nightmare this morning', 'Happy Friday everyone #weekend', 'Started a new book, no spoilers please',
];
export const QUOTE_COMMENTS = ['This.', 'So true', 'Same here!', 'Not my experience at all', 'Can confirm', 'Wow', 'lol', '100%', 'Interesting take', 'Yikes'];
export const REPLY_TEXTS = [
  'Same thing happened to me!', 'Have you tried contacting them by DM?', 'Totally agree', 'That sucks, hope it gets fixed',
  'Mine works fine, weird', 'Thanks for sharing', 'Which plan are you on?', 'Following this thread', 'Any update on this?',
];
export const PRODUCTS = ['app', 'subscription', 'headphones', 'smart speaker', 'laptop', 'delivery service', 'starter kit', 'premium plan'];
export const FEATURES = ['checkout', 'search', 'mobile app', 'dark mode', 'sync', 'tracking page', 'customer portal', 'rewards program'];
export const USECASES = ['a small team', 'travel', 'my side project', 'school', 'home office', 'gaming'];
export const EMO_POS = ['😍', '🙌', '🔥', '❤️', '👏', ''];
export const EMO_NEG = ['😡', '🙄', '😤', '👎', ''];

/** A few non-English templates so `lang:` rules have something to select. */
export const FOREIGN: Record<string, { positive: string[]; neutral: string[]; negative: string[] }> = {
  es: {
    positive: ['Me encanta {brand}, ¡gran servicio! {tag}', '{handle} gracias por la ayuda tan rápida'],
    neutral: ['¿Alguien ha probado {brand}?', 'Pensando en comprar el {product} de {brand}'],
    negative: ['{handle} mi pedido no llega y nadie responde', 'Muy decepcionado con {brand}'],
  },
  fr: {
    positive: ["J'adore {brand}, service au top {tag}", 'Merci {handle} pour votre aide'],
    neutral: ["Quelqu'un connaît {brand} ?", 'Je compare {brand} avec d’autres offres'],
    negative: ['{handle} toujours pas de remboursement…', 'Très déçu par {brand}'],
  },
  de: {
    positive: ['{brand} ist wirklich super {tag}', 'Danke {handle} für den schnellen Support'],
    neutral: ['Hat jemand Erfahrung mit {brand}?', 'Überlege, {brand} auszuprobieren'],
    negative: ['{handle} meine Bestellung ist immer noch nicht da', 'Sehr enttäuscht von {brand}'],
  },
};

export const DM_FREE_TEXT = [
  'Who is this?', 'Thanks for reaching out! What do you have in mind?', 'Sure, tell me more',
  'Maybe later, busy week', 'How did you find me?', 'Is this a bot?', 'Interesting, can you send details?',
];
export const DM_UNSOLICITED = [
  'Hi! I would love to join your community', 'Hey, is there a way to become an ambassador?',
  'Hello, I have a question about my order', 'YES', 'Can I get early access?',
];
