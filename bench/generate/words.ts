/** Vocabulary for synthetic names, titles and abstracts (kept small: it is the full-text corpus). */

const list = (text: string, separator = ' ') =>
  text
    .trim()
    .split(separator)
    .map((w) => w.trim())
    .filter(Boolean);

export const FIRST_NAMES = list(`Ada Alan Amara Ana Arjun Bao Beatriz Chen Chiara Dana Dmitri Elena Emeka Farah Felix
  Hana Hugo Ines Ivan Jae Jonas Kai Karin Lena Liam Lucia Mateo Maya Mei Nadia Nikhil Noor Olga Omar Priya Quentin
  Rafael Rosa Sakura Samir Sofia Tariq Tomas Uma Victor Wei Xin Yara Yusuf Zoe`);

export const LAST_NAMES = list(`Abe Adeyemi Almeida Bauer Bianchi Chandra Costa Dubois Eriksson Fischer Garcia Gupta
  Haddad Hansen Ito Ivanova Jensen Kim Kowalski Kumar Larsen Li Lopez Moreau Muller Nakamura Nguyen Novak Okafor Olsen
  Park Patel Petrov Rossi Sato Schmidt Silva Singh Smith Suzuki Tanaka Torres Usman Varga Wang Weber Wong Yamamoto
  Zhang Zhou`);

export const ADJECTIVES = list(`sparse dense contrastive hierarchical recurrent causal robust efficient scalable
  adaptive latent generative discriminative multimodal federated continual meta implicit explicit probabilistic
  bayesian variational adversarial self-supervised semi-supervised few-shot zero-shot instruction-tuned
  retrieval-augmented mixture-of-experts low-rank quantized distilled aligned interpretable equivariant graph neural
  symbolic hybrid`);

export const NOUNS = list(`attention transformer diffusion alignment reasoning planning retrieval memory tokenizer
  embedding encoder decoder policy reward preference critic agent benchmark dataset optimizer regularization pruning
  distillation quantization adapter prompting decoding sampling calibration uncertainty robustness interpretability
  probing scaling pretraining finetuning curriculum augmentation normalization routing`);

export const TOPIC_ROOTS = list(
  `Natural language processing|Computer vision|Reinforcement learning|AI safety|Generative models|Optimization|
  Learning theory|Speech and audio|Robotics|Systems for machine learning`,
  '|',
);

export const TOPIC_LEAVES = list(
  'benchmarks|architectures|training methods|evaluation|efficiency|theory|datasets',
  '|',
);
