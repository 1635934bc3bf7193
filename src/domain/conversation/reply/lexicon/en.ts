// English replies.
import type { Lexicon } from './types';

const CONTACT = '(messag(e|es|ing)|msg(s|ing)?|text(s|ing)?|sending|send(ing)? me|contact(ing)?|dm(s|ing)?|pm(s|ing)?|writ(e|ing)|spam(ming)?|bother(ing)?|ping(ing)?|email(ing)?|e mail(ing)?|hit(ting)? me up|reach(ing)? out|harass(ing)?|annoy(ing)?|pester(ing)?|calling|call|tweet(ing)?|tagging|tag|mention(ing)?|follow(ing)?)';

export const en: Lexicon = {
  lang: 'en',
  stopAlways: [
    `stop ${CONTACT}`, `quit ${CONTACT}`, `(cease|halt|end) ${CONTACT}`,
    `(can|will|would|could)( ?nt| not)? (you|u|ya) (please |pls |just |kindly )?(stop|quit|leave me)`,
    `(you|u|they|this) (just )?(wont|dont|never|keep|keeps) (stop|quit|stopping|leave me)`,
    'keep (messaging|texting|spamming|sending|bothering|dming)', 'i (already )?(said|told you|asked|wrote)( you)?( to)? (stop|no|not interested|unsubscribe)',
    'told you (to )?(stop|no)', 'how many times',
  ],
  stop: [
    '(how|why) (did|do|am|was|is|have) (i|we|me|my [a-z]+) (even )?(end up |ended up |get |got |being |been )?(put )?(on|in|onto) (this|your|ur|the|these|some) ([a-z]+ )?(list|lists|database|db)', '(excluded|exclude me|unlisted|be removed|get removed|be taken off|get taken off) from', '(from|to) (all |any )?(future|further) ([a-z]+ )?(messages?|communications?|contact|emails?|promotions?|marketing|dms?|texts?|mailings?)', `(can|could|would|will) (you|u) (please |pls |just |kindly )?not ${CONTACT}`, '(leave|keep) me out of', 'i (already |just )?told (you|u) (last time |before |already |yesterday |earlier |once )?(i dont|i do not|not to|no|im not)', '(dont|do not|no longer) want (these|them|those)( any ?more| anymore)?( [.?])?$', '(never|not) (get|receive|see) (these|your|any|those|more|such|the|this) ([a-z]+ )?(messages?|dms?|texts?|emails?|ads?|promos?|spam|stuff) (again|any ?more|anymore)', '(dont|do not|no longer|never) (want|wish|like) to be (contacted|messaged|texted|dmd|dmed|bothered|emailed|called|spammed|pinged|targeted|tagged)',
    '(stop|quit|cease) (receiving|getting|seeing)', '(never|not|no longer) (hear|get anything|get messages|get dms) from (you|u|ya|yall|your (company|brand|team))', 'hear from (you|u|ya) (ever )?again', 'never (talk|speak|write|reach out|get in touch)( to| with)? (me|us)', `${CONTACT} (me |us )?(any ?more|anymore|ever again)`, `if (you|u) (didnt|did not|wouldnt|would not|stopped|never|no longer) ${CONTACT}`, '(dont|do not|never) (ever )?(slide|slid|sliding|come|get) (into|in) my (dms|inbox|messages|mentions)', 'cease (all |any )?(communication|communications|contact|correspondence)', '(gdpr|ccpa|right to be forgotten|data (deletion|erasure) request)',
    // Frames rather than phrases: not wanting messages, removal from a list, deleting one's data.
    `(dont|do not|no longer|never|dont really|do not really) (want|need|wish|like)( to (get|receive|see|hear))? (any ?more |any |anymore |these |those |your |ur |more |further |such |the |all |this |of )*(messages?|msgs?|dms?|pms?|texts?|emails?|e mails?|notifications?|spam|promos?|promotions?|marketing|ads?|offers?|reminders?|newsletters?)`, 'no more (of )?(this|these|that|those|them|it)', '^no more( please| pls| thanks| thank you)?$', 'no (further|more) (contact|communication)', '(take|get|drop|remove|delete|erase|wipe|scrub|strike|cross|kick|unlist) me (off|from|out)', '(take|drop|remove|delete|erase|wipe|scrub|purge|strike|forget) (all )?my( [a-z]+){0,2} (name|number|handle|account|email|info|information|details|data|contact|address|profile)', 'off (your|ur|the|this|that|any|every|all|whatever|these|those|a) ([a-z]+ )?(list|lists|database|databases|db|records|contacts)', '(from|out of) (your|ur|this|that|any|every|all|whatever|these|those) ([a-z]+ )?(list|lists|database|databases|db|records|contacts)', '(refrain|abstain) from', 'kindly (stop|refrain|cease)', `(stopped|ceased) ${CONTACT}`, 'cut (it|this|that) out', 'knock (it|this|that) off', 'give it a rest', 'pack it in',
    'stop', 'stopall', 'stop all', 'stopping', 'unsub(scribe|scribed|scribing|scription)?', 'opt( me)? ?out', 'opting out', 'opted out',
    `(dont|do not|never|pls dont|please dont|dont ever|do not ever|dont you) ${CONTACT}`,
    `no (more|further) (${CONTACT}|dms?|messages?|msgs?|texts?|emails?|spam|marketing|promos?|ads?)`, `no (dms?|messages|spam|marketing) (please|pls|thanks|thank you)`,
    'remove me', 'remove my (number|name|account|handle|info|details|data)', 'take me off', 'delete (me|my (number|data|info|details|account))',
    'leave me (alone|be|in peace|out of (it|this))', 'go away', 'get lost', 'back off', 'buzz off', 'bugger off', 'piss off', 'sod off', 'shove off',
    'fuck(ing|er|ers)?', 'fck', 'f (off|you|u)', 'fk off', 'stfu', 'gtfo', 'shut up', 'screw (you|u|off|this)', 'go to hell', 'get a life', 'wtf', 'bullshit', 'piece of (shit|crap)',
    'idiots?', 'morons?', 'asshole', 'jerks?', 'creep(y|s)?', 'pathetic', 'losers?', 'bitch', 'damn (bots?|you)', 'stupid (bots?|spam|messages?|company)',
    'spam(s|my|mer|mers|ming)?', 'junk', 'scam(s|mer|mers)?', 'fraud', 'harass(ment|ing|ed)?', 'stalk(ing|er)?', 'annoying', 'intrusive', 'unsolicited', 'unwanted',
    'report(ed|ing)?( (you|u|this|your account))?', 'flag(ged|ging)? (you|this|as spam)', 'block(ed|ing)?', 'mute(d)? (you|this)',
    'enough( already)?', 'cease', 'desist', 'revoke', 'opt me out',
    'how did (you|u) (get|find) (my|me)', 'who gave (you|u) my', 'where did (you|u) get my', 'lose my (number|handle|contact)', 'i never (signed up|asked|subscribed|agreed)', 'didnt (sign up|ask for this|subscribe)',
    'do not disturb', 'not interested (stop|ever)', 'never (again|ever) (message|contact|text|dm)', 'never (message|contact|text|dm|write) me',
    'i want out', 'let me out', 'get me off', 'off (your|the|this) list', 'cancel (my|this|the|it|me|all|everything|subscription)', 'end (this|it|these)', 'quit it',
  ],
  safe: [
    `(dont|do not|never|cant|cannot|can not|couldnt|wont|wouldnt|shouldnt|didnt|doesnt|not|aint|gonna never|could not|would not) (ever )?(stop|stopping)(?! (${CONTACT.slice(1, -1)}|it|this|that|now|please|pls|asap|already))`,
    'stop(ping|s|ped)? (by|into|in (at|to|and)|over)', 'non ?stop', 'one ?stop', '(bus|pit|last|next|first|full|tram|train|truck) stop', 'stop (sign|light|watch|motion)',
    'stopped (by|working|loading|raining)', 'without stopping', 'unstoppable', 'nothing can stop', 'no stopping',
  ],
  stopBare: ['stahp', 'cancel', 'end', 'quit', 'halt', 'remove', 'optout', 'stopall', 'unsub', 'unsubscribe', 'stop', 'enough', 'cease', 'revoke', 'block', 'spam', 'bye', 'goodbye'],
  decline: [
    '(ill|i will|im gonna|gonna|i think ill) (skip|sit this one out|give (it|this) a miss)',
    'already (have|got|own) (one|it|that|this|enough|everything)',
    'not interested', 'no interest', 'uninterested', 'no thanks?', 'no thank (you|u)', 'no ty', 'nah thanks', 'thanks but no', 'thank you but no', 'thanks but ill pass',
    'not for me', 'not my (thing|cup of tea|style|type)', 'maybe (later|another time|some other time|next time|some day)', 'another time', 'some other time',
    'not (now|today|right now|rn|at the moment|at this time|this time|yet|really|for now)', '(im|i am) (good|fine|ok|okay|all set|set|alright) (thanks|thank you|for now)?$', '^(im|i am) (good|fine|ok|okay|all set|set)',
    'all good thanks', 'ill pass', 'i will pass', 'pass( on (this|that|it))?$', '^pass', 'no way', 'i dont think so', 'dont think so', '(rather|prefer) not',
    'i dont (want|need)', 'dont (want|need) (it|this|that|any)', 'no need', 'not needed', 'i have (one|enough|everything)', 'ill think about it', 'let me think',
    '(yeah|yea|ya|ok|okay) (no|nah|nope)', '(i )?dont care', 'whatever', '^later', 'useless', 'waste of (time|money|space)', 'boring', 'terrible', 'awful', 'worst (brand|company|service|product|ad|ads)', 'i hate (this|it|ads|these|your)', 'not impressed', 'of course not', 'definitely not', 'absolutely not', 'certainly not', 'no chance', 'hard pass', 'not happening', 'nope', 'nah', 'meh', 'no sorry', 'sorry no',
  ],
  noWords: ['no', 'nope', 'nah', 'nay', 'naw', 'noo', 'negative'],
  neutral: ['no (problem|prob|probs|worries|worry|doubt|biggie)', 'not sure', 'no idea', 'why not', 'no matter', 'not bad', 'no questions'],
  help: [
    '(what|who) (is|are) (this|that|you|u|these)', 'whats (this|that|up with this)', 'who (is|r) (this|u)', 'whos (this|that)', 'who dis', 'what do you (mean|want)',
    'how does (this|it|that) work', 'what is (this|it) (about|for)', 'what are (you|u) (talking|on) about', 'need help', 'i need help', 'help me( please| pls)?$',
    'more info(rmation)?', 'tell me more', 'i dont (understand|get it)', 'dont understand', 'confused', 'what( the)? (offer|campaign|program|deal)', 'how do (i|you) (reply|respond|answer)',
    'which company', 'who are you with', 'is this (real|a bot|legit)', 'are you a (bot|real person|human)', 'what do i (do|reply)', 'huh', 'what$', 'options', 'commands',
  ],
  helpWords: ['help', 'info', 'information', 'details', 'menu', 'options', 'commands', 'explain', 'faq', 'support', 'assist', 'assistance'],
  human: [
    '(talk|speak|chat) (to|with) (a|an|some|your|one of your|the) (real |actual |live )?(human|humans|person|people|agent|rep|representative|manager|operator|staff|employee|supervisor)',
    '(talk|speak|chat) (to|with) (someone|somebody|anyone|anybody)( real)?', '(need|want|get|have) (a|an) (real |actual |live )?(human|person|agent|rep|representative|operator)',
    '^(human|agent|representative|operator)( please| pls)?$',
    '(can|could|would|will|please|pls) (someone|somebody|a human|a person|an agent|a rep|you|u) (call|phone|ring) me', 'call me (back|please|pls|asap)', 'give me a call',
    '(put|get|transfer|connect) me (through )?(to|with) (a|an|someone|somebody|your|the)',
  ],
  yes: [
    'what(s| is) (the|your) (offer|deal|discount|promo|promotion)',
    '(im|i am) (very |really |so |definitely |totally )?(interested|in)', 'sounds (good|great|fun|cool|perfect|interesting|lovely|awesome)', 'lets (do it|go|talk|do this)',
    'count me in', 'sign me up', 'im down', '(id|i would|i d) (love|like) (to|that|it|more|one|some)', 'why not', 'of course', 'go (for it|ahead)', 'please do', 'send (it|me|over)',
    'help me (understand|sign up|join|get started|learn|with (the|this|your) (offer|deal|program))', 'how (do|can) i (join|sign up|get|buy|apply|register|start|redeem|claim)',
    'where do i (sign|join|register|click)', 'how much', '(the|what) (price|pricing|cost)', 'tell me more about (the|this|your) (offer|deal|program)', 'i want (it|in|one|to join|to try)', 'love (it|to|that)',
    'yes please', 'with pleasure', 'cant wait', 'that would be (great|nice|awesome)', 'deal', 'absolutely', 'definitely', 'certainly', 'gladly', 'happy to', 'interested',
  ],
  yesWords: ['yes', 'yeah', 'yea', 'yeh', 'ya', 'yah', 'yep', 'yup', 'y', 'sure', 'absolutely', 'definitely', 'certainly', 'affirmative', 'yas', 'yass', 'ye', 'aye', 'interested'],
  weakYesWords: ['ok', 'okay', 'okey', 'k', 'kk', 'fine', 'alright', 'allright', 'cool', 'great', 'perfect', 'awesome', 'go'],
  fillers: ['please', 'pls', 'plz', 'plse', 'now', 'it', 'all', 'thanks', 'thank', 'you', 'u', 'ty', 'just', 'ok', 'okay', 'this', 'that', 'me', 'right', 'already',
    'asap', 'again', 'immediately', 'i', 'said', 'seriously', 'god', 'omg', 'oh', 'ugh', 'hey', 'hi', 'hello', 'dude', 'man', 'sir', 'sorry', 'guys', 'the', 'so', 'well', 'um', 'uh', 'lol', 'haha'],
  markers: ['the', 'is', 'you', 'me', 'i', 'my', 'this', 'please', 'thanks', 'not', 'and', 'what', 'to', 'your', 'im', 'dont', 'of', 'it', 'am', 'are', 'with', 'for', 'thank', 'want', 'more', 'about', 'how', 'do', 'yes'],
};
