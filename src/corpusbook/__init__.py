"""corpusbook: the computations behind the book *Kazakhstan and Russia, 2022–2024, in translated news*.

Every number, table and figure in the book comes from a function in this package; the chapters call them
in short cells and write the interpretation themselves. Analysis functions take pandas DataFrames or the
shared counts and return DataFrames with named columns, dicts or figures; none reads files except the
loaders. The map, in pipeline order (module -- what it answers -- main functions):

Data in
    - ``settings`` -- where the corpus and cache are, the seed -- ``corpus_dir``, ``SEED``, ``n_jobs``
    - ``errors`` -- what is wrong with a user's file -- ``CorpusError``, ``read_table``, ``decode_utf8``
    - ``corpus`` -- which articles there are, with their metadata -- ``load_corpus``, ``validation_examples``
    - ``normalise`` -- one form for every way a text was saved -- ``normalise_text``, ``KINDS``
    - ``rules`` -- what a corpus file and row must be -- ``text_problems``, ``file_problems``, ``german_share``
    - ``validate`` -- is ``corpus/`` usable (run before the build) -- ``python -m corpusbook.validate``
    - ``cleaning`` -- what boilerplate is removed, by which rule -- ``load_rules``, ``clean_text``
    - ``tokenize`` -- word tokens and sentences -- ``tokenize``, ``sentence_spans``, ``somajo_agreement``
    - ``preprocess`` -- lemma, stop word and entity of each token -- ``build_token_table``, ``canonical_names``
    - ``counts`` -- the article × lemma counts everything shares; group sums, ranks -- ``Counts``, ``group_counts``,
      ``top_with_ties``
    - ``book`` -- everything a chapter starts from, computed once and cached -- ``load`` → ``BookData``
    - ``archive`` -- counts of a large collection, in pieces (Dask) -- ``count_collection``, ``load_counts``
Statistics
    - ``frequency`` -- how often, how widely spread -- ``frequency_table``, ``ngram_table``, ``tfidf_table``
    - ``keyness`` -- which terms distinguish two groups -- ``compare``, ``passing``, ``leave_one_out``
    - ``docstats`` -- the same with articles as the unit; similarity -- ``per_article``, ``within_between``
    - ``kwic`` -- a term in its contexts; every content lemma in context -- ``kwic``, ``concordance``
    - ``describe`` -- sizes, outlets, spellings of the corpus -- ``document_table``, ``transliteration_evidence``
    - ``topics`` -- which topics, how many -- ``make_units``, ``select_k``, ``fit_models``, ``describe_topics``
    - ``actors`` -- who is named, with whom; which names the alias table lacks -- ``entity_frequencies``,
      ``name_candidates``
    - ``quotes`` -- who is quoted, directly or indirectly -- ``load_speech_rules``, ``find_quotes``
    - ``frames`` -- which frames, how they shift, every hit in its sentence -- ``frame_shares``, ``frame_hits``
    - ``gold`` -- how well quotations and frames are found, against hand annotation -- ``quotation_scores``
    - ``periods`` -- the groups in time order, what is compared -- ``chronological``, ``latest``, ``labels``
Pages
    - ``notebook`` -- values glued into the prose, and checks of its claims -- ``glue``, ``check``
    - ``prose`` -- counts, lists and numbers as safe Markdown -- ``count``, ``plural``, ``join``, ``terms``
    - ``tables`` -- the one way a table reaches a page -- ``show``
    - ``articles`` -- each article as the articles page shows it -- ``sections``, ``link_list``
    - ``palette`` -- the colour of each period, slice, topic -- ``period_colors``, ``topic_colors``
    - ``plots`` -- figures (``base``, ``words``, ``topics``, ``actors``) -- ``base.subplots``
"""

from corpusbook.errors import CorpusError

__version__ = "0.1.0"

__all__ = ["CorpusError", "__version__"]
