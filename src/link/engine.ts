import type { Linker, Mention, PaperText, VocabularyEntry } from './types.js';

/**
 * PLACEHOLDER until the matching engine lands (issue #13): case-insensitive, word-bounded search for
 * each technique's name in the title, then the abstract. The real engine (Aho–Corasick automaton,
 * case-sensitive acronyms, longest match, contrast and INTRODUCES patterns) replaces this file.
 */
export function compileLinker(vocabulary: readonly VocabularyEntry[]): Linker {
  const patterns = vocabulary.map((entry) => ({
    entry,
    re: new RegExp(`\\b${entry.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i'),
  }));
  return {
    rulesVersion: 'placeholder-0',
    link(paper: PaperText): Mention[] {
      const mentions: Mention[] = [];
      for (const { entry, re } of patterns) {
        for (const field of ['title', 'abstract'] as const) {
          const text = field === 'title' ? paper.title : (paper.abstract ?? '');
          const sentence = text.split(/(?<=[.!?])\s+/).find((s) => re.test(s));
          if (!sentence) continue;
          const surface = re.exec(sentence)?.[0] ?? entry.name;
          mentions.push({
            paperId: paper.id,
            techniqueId: entry.techniqueId,
            relation: 'USES',
            mentionKind: 'MENTION',
            field,
            matchedBy: 'name',
            surface,
            evidence: sentence,
            confidence: field === 'title' ? 0.6 : 0.5,
          });
          break;
        }
      }
      return mentions;
    },
  };
}
