"""Deterministic synthetic corpora shaped like the seeds, for the benchmark.

``write_corpus(directory, count, seed)`` writes ``count`` article files; the same count and seed
always give the same bytes (each article has its own random stream, so the files do not depend on
how the work is split between processes). ``ensure_corpus(count, seed)`` keeps one such corpus
per (count, seed, :data:`GENERATOR_VERSION`) under ``bench/out/`` and reuses it.

The articles copy the shapes of the five seeds (see ``shared/SEEDS.md``): a `` date YYYY-MM-DD``
prefix glued to the first line, Kazakh datelines ``12:05, 11 Желтоқсан 2025 | GMT +5``, Russian
``3 марта 2026, 12:53`` and numeric ``02.03.2026, 23:42`` ones, undated files; hashtag lines and a
rubric at the top, hashtags at the bottom; a title, or none (the lead stands first); Zakon-style
captions ``…, фото - Новости Zakon.kz от 02.03.2026 23:42`` and ``Фото: …`` credits; attributions
``передает Kazpravda.kz``, ``АСТАНА. KAZINFORM —``, ``деп хабарлайды Kazinform``, ``сообщает
Tengrinews.kz``; the author's name at the end, twice, after ``Фото`` or followed by ``Автор``.
About 70% are Russian and 30% Kazakh, ~6 KB each.

The text is made of pseudo-words, built from Russian or Kazakh syllables and real inflections
(Russian case and verb endings; Kazakh suffix chains with vowel harmony: -лар/-дар/-тар,
-ға/-ке, -ды/-ті, -ның/-дың …), with Zipf-distributed stem frequencies, so a large corpus has
several hundred thousand distinct word forms, as real news archives do. Common real words,
recurring names (Токаев/Тоқаев, Ашимбаев/Әшімбаев, Иран, Хаменеи …), ~1% typos and the odd Latin
letter inside a Cyrillic word make realistic queries hit, and miss, the way they do on real text.

Each generated article comes with ``meta``: the fields the parser should find (published date,
source, author, language, title, rubric, tags), so a test can check the generator and the parser
against each other.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import itertools
import json
import multiprocessing as mp
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Bump whenever the output changes, so cached corpora are regenerated.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20260305
OUT_DIR = Path(__file__).resolve().parent / "out"
#: Below this many articles one process is quicker than starting a pool.
_PARALLEL_MIN = 3000
_TYPO_RATE = 0.01
_FIRST_DAY = dt.date(2018, 1, 1).toordinal()
_LAST_DAY = dt.date(2026, 3, 10).toordinal()

Progress = Callable[[int, int], None]


def _words(text: str) -> list[str]:
    return text.split()


# -- Russian vocabulary -------------------------------------------------------------------------

_RU_FUNCTION = """и 60 в 55 на 30 с 22 по 22 что 14 не 14 а 8 также 8 для 12 из 10 о 8 к 8 от 8
как 7 это 7 его 5 их 5 за 6 до 5 при 5 который 3 которые 4 которых 3 которая 3 был 3 была 3 были 4
будет 5 будут 3 года 9 году 6 лет 4 более 4 всего 2 между 3 после 3 уже 3 только 2 этом 3 этого 3
также 4 том 3 числе 3 время 3 рамках 3 связи 2 то 3 же 2 но 4 или 3 ее 2 он 3 они 3 мы 3 все 3
всех 2 может 2 могут 2 нужно 2 необходимо 2 сегодня 2 ранее 3 кроме 1 около 2 свыше 1 через 2
под 2 над 1 перед 1 так 2 если 2 чтобы 3 где 2 когда 2 сейчас 1 именно 1 однако 1 отметил 3
отметила 1 заявил 3 подчеркнул 2 сообщил 2 рассказал 2 добавил 2 пояснил 1 напомним 1"""

_RU_COMMON = """Казахстан Казахстана Казахстане Казахстану Казахстаном республики Республики
республике страны страна стране страну президент президента президентом Президента Президент
министр министра министром министерство министерства министерстве иностранных дел правительства
правительство развития развитие сотрудничества сотрудничество экономики экономика безопасности
вопросы вопросов вопросам граждан гражданам населения работы работа работу программы программа
проекта проекты проектов региона регионов области областей города город городе мира мир
международных международного отношений отношения переговоры переговоров встречи встреча встрече
государства государство государственной государственных закона закон законопроекта депутаты
депутатов сенаторы Сената Сенат Мажилиса Мажилис парламента парламент тенге миллиардов
миллионов тысяч процентов процента рост роста цены цен компании компаний предприятий бизнеса
инвестиций инвестиции торговли товарооборот нефти газа энергетики транспорта дорог жилья школ
школы учителей врачей больниц здравоохранения образования науки культуры спорта жителей семей
детей молодежи граждане полиции суда прокуратуры акимата аким акима области района решения
решение меры мер поддержки поддержку условий условиях ситуации ситуацию конфликта конфликт
стороны сторон партнеров партнерства диалога визита визит делегации посла послом соглашения
соглашение документов документ реформы реформ выборов референдума заседании заседание"""

_RU_SYL_ONSETS = _words(
    "б в г д ж з к л м н п р с т ф х ц ч ш бр вр гр др кр пр тр бл гл кл пл сл ст ск сп сн см зв "
    "зн дв св тв чл шт б в д к л м н п р с т"
)
_RU_VOWELS = _words("а а а о о о о е е е и и и у ы я ю")
_RU_CODAS = _words("- - - н р л к т с м д в ст нк рт нт рн лк вл рм")

#: (class share, [(ending, weight)]) for pseudo-stems; "" is the bare stem.
_RU_CLASSES: list[tuple[float, list[tuple[str, float]]]] = [
    (0.28, [("", 22), ("а", 22), ("у", 8), ("ом", 10), ("е", 12), ("ы", 10), ("ов", 8),
            ("ам", 3), ("ами", 3), ("ах", 2)]),
    (0.22, [("а", 25), ("ы", 25), ("е", 12), ("у", 14), ("ой", 10), ("", 5), ("ам", 3),
            ("ами", 3), ("ах", 3)]),
    (0.12, [("ание", 12), ("ания", 20), ("анию", 6), ("анием", 5), ("ании", 10), ("аний", 6),
            ("аниям", 2), ("ность", 8), ("ности", 12)]),
    (0.22, [("ый", 10), ("ого", 12), ("ому", 4), ("ым", 6), ("ом", 5), ("ая", 10), ("ой", 12),
            ("ую", 5), ("ое", 8), ("ые", 8), ("ых", 12), ("ыми", 4), ("ской", 6), ("ских", 6)]),
    (0.16, [("ать", 10), ("ает", 10), ("ают", 6), ("ал", 10), ("ала", 5), ("али", 7), ("ало", 3),
            ("ающий", 3), ("ающих", 4), ("ающего", 2), ("ается", 5), ("ались", 2), ("ить", 6),
            ("ит", 4), ("ил", 6), ("или", 4)]),
]  # fmt: skip

# -- Kazakh vocabulary --------------------------------------------------------------------------

_KK_FUNCTION = """және 40 мен 18 пен 8 бен 6 да 14 де 14 бұл 12 осы 10 деп 8 үшін 10 бойынша 10
туралы 9 арасындағы 5 қатысты 5 бар 6 жоқ 3 болып 6 табылады 4 жылы 10 жылғы 5 ел 6 елдің 4
сондай-ақ 6 атап 4 өтті 5 деді 6 тиіс 3 қажет 4 сол 3 олар 4 біз 3 ол 5 бір 6 екі 4 үш 2 жаңа 4
барлық 3 ретінде 4 кейін 3 дейін 3 бірге 3 арқылы 4 бірақ 3 тағы 2 қазір 2 кезінде 3 жүзеге 2
асыру 2 мақсатында 3 болды 4 болады 5 берді 2 етті 3 етеді 3 алды 2 келеді 3 жатыр 2 мүмкін 2"""

_KK_COMMON = """Қазақстан Қазақстанның Қазақстанға Қазақстанда Қазақстанмен Республикасы
Республикасының Президенті Президентінің Мемлекет басшысы министрі министрлігі министрлігінің
Үкімет Үкіметі
үкіметтің ынтымақтастық ынтымақтастықты ынтымақтастығы даму дамыту дамытуға жұмыс жұмысы
жұмыстары халық халықтың халықаралық экономика экономикалық саяси сауда сауданы инвестиция
инвестициялар жоба жобалар жобаларды бағдарлама бағдарламасы аймақ аймақтың облыс облысының
облысында қала қаласында қалада мектеп мектептер білім білім беру денсаулық сақтау азамат
азаматтар азаматтардың шара шаралар шараларды мәселе мәселелер мәселелерді келіссөз келіссөздер
кездесу кездесуде сапар сапармен мемлекет мемлекеттік мемлекеттер қарым-қатынас қатынастарды
әлеуметтік қолдау қолдау көрсету тенге млрд млн пайыз пайызға өсім өсті баға бағасы
кәсіпорын кәсіпорындар компания компаниялар депутаттар Мәжіліс Мәжілісі Сенат Сенаты заң
заңы заң жобасы сайлау референдум жиын жиында отырыс отырысында әкім әкімі әкімдігі
ауыл ауылдар жол жолдар көлік энергетика мұнай газ су жер егін мал шаруа отбасы балалар жастар"""

_KK_BACK = _words("а а а о ұ ы ы")
_KK_FRONT = _words("ә е е е ө ү і і")
_KK_ONSETS_BACK = _words("б д ж з й қ л м н п р с т ш ғ т с қ д б")
_KK_ONSETS_FRONT = _words("б д ж з й к л м н п р с т ш г т с к д б")
_KK_CODAS_BACK = _words("- - - н р л с т қ з ш й м ң п")
_KK_CODAS_FRONT = _words("- - - н р л с т к з ш й м ң п")
_KK_VOWELS = frozenset("аәеиоөуұүыіэюя")
_KK_BACK_SET = frozenset("аоұыя")
_KK_FRONT_SET = frozenset("әеөүіэ")
_KK_VOICELESS = frozenset("птксшфхцчщқ")
_KK_NASAL = frozenset("мнң")

#: Kazakh suffix chains (see :func:`_kk_inflect`) and their weights.
_KK_CHAINS: list[tuple[tuple[str, ...], float]] = [
    ((), 20), (("PL",), 8), (("GEN",), 10), (("DAT",), 8), (("ACC",), 8), (("LOC",), 7),
    (("ABL",), 4), (("INS",), 4), (("P3",), 8), (("PL", "GEN"), 3), (("PL", "DAT"), 2),
    (("PL", "ACC"), 2), (("PL", "LOC"), 2), (("PL", "ABL"), 1), (("PL", "P3"), 3),
    (("P3", "GEN"), 3), (("P3", "DAT"), 3), (("P3", "ACC"), 2), (("P3", "LOC"), 3),
    (("P3", "ABL"), 1), (("PL", "P3", "GEN"), 1), (("PL", "P3", "DAT"), 1),
    (("PL", "P3", "LOC"), 1), (("PAST",), 4), (("PTCP",), 4), (("CONV",), 3), (("PROG",), 2),
]  # fmt: skip

#: Words the generator must not make up: they would look like furniture to the parser.
_RESERVED = frozenset(
    _words("""передает передаёт сообщает пишет информирует хабарлайды фото сурет коллаж видео автор
    авторы кадр теги метки новости жаңалық жаңалықтары рубрика политика экономика общество мир
    спорт культура""")
)

# -- names, places, outlets ---------------------------------------------------------------------

#: Phrases (with their weights) dropped into Russian sentences.
_RU_ENTITIES = """Токаев|6 Токаева|5 Токаеву|2 Токаевым|2 Касым-Жомарт Токаев|5
Президент Касым-Жомарт Токаев|3 Глава государства Касым-Жомарт Токаев|3 Касым-Жомарта Токаева|3
Ашимбаев|3 Маулен Ашимбаев|3 Ашимбаева|2 спикер Сената Маулен Ашимбаев|2 Иран|4 Ирана|4 Ирану|1
Ираном|1 Иране|3 иранской стороны|1 аятолла Али Хаменеи|2 Хаменеи|2 Масуд Пезешкиан|2 Пезешкиана|1
Дональд Трамп|2 Трампа|1 Владимир Путин|2 Путина|1 Шавкат Мирзиёев|1 Си Цзиньпин|1 Израиль|2
Израиля|2 США|4 ООН|3 ЕАЭС|2 ШОС|1 Астана|3 Астане|3 Астаны|2 Алматы|4 Шымкент|2 Шымкенте|1
Караганде|1 Актобе|1 Атырау|1 МИД РК|2 Министерство иностранных дел|2 Ермек Кошербаев|1
Олжас Бектенов|2 Бектенова|1 Ерлан Жетыбаев|1 Алибек Бакаев|1 Бакаева|1 Палестины|1
Палестина|1 Палестину|1 Сектор Газа|1 эвакуация|1 эвакуации|1 эвакуацию|1 на Ближнем Востоке|2
Ближнего Востока|1 президента Казахстана|2 Президент Казахстана|1
Турции|1 Китая|2 России|3 Россией|1 Узбекистана|2 Кыргызстана|1 Азербайджана|1 Европейского союза|1
Национального банка|2 Нацбанка|2 инфляция|2 инфляции|2 2026 году|2 2025 году|2 40 процентов|1
1,5 млрд тенге|1 250 млн тенге|1 28 февраля|1 3 марта|1"""

_KK_ENTITIES = """Тоқаев|5 Тоқаевтың|3 Тоқаевқа|2 Қасым-Жомарт Тоқаев|5
Мемлекет басшысы Қасым-Жомарт Тоқаев|3
Әшімбаев|2 Мәулен Әшімбаев|3 Әшімбаевтың|1 Иран|4 Иранды|3 Иранға|2 Иранның|2 Иранда|2
Хаменеи|2 Масуд Пезешкиан|2 Пезешкианды|1 АҚШ|3 БҰҰ|2 Астана|3 Астанада|3 Алматы|3 Алматыда|2
Шымкентте|1 Ақорда|2 Ақордада|2 Ақорданың|1 Сенат|2 Мәжіліс|2 Ресей|2 Ресеймен|1 Қытай|2
Өзбекстан|2 Қырғызстан|1 Түркия|1 Олжас Бектенов|2 Ұлттық банк|2 2026 жылы|2 2025 жылы|2
40 пайызға|1 1,5 млрд теңге|1"""

_TAGS_RU = _words("""Казахстан Ашимбаев Палестина Иран Токаев Референдум-2026 Казахмыс Сенат
Мажилис МИД
Астана Алматы экономика инфляция тенге нефть ЕАЭС ШОС ООН образование здравоохранение ДТП
погода выборы инвестиции налоги транспорт энергетика сельское_хозяйство спорт культура""")
_TAGS_KK = _words("""Қазақстан Тоқаев Ақорда Иран Сенат Мәжіліс экономика білім денсаулық
Астана Алматы
ауылшаруашылығы спорт мәдениет инвестиция""")
_RUBRICS = _words(
    "Политика Экономика Общество Происшествия Спорт Мир Культура Технологии Здоровье Образование"
)

_FEMALE_RU = _words("Елена Екатерина Анна Мария Ольга Ирина Наталья Татьяна Виктория Юлия Светлана")
_MALE_RU = _words("Дмитрий Алексей Сергей Андрей Павел Максим Игорь Николай Владимир Артем")
_FEMALE_KK = _words("Айнұр Асель Дана Әсем Гүлнар Жанар Мадина Айгерім Динара Самал Ақмарал")
_MALE_KK = _words("Ержан Нұрлан Арман Бауыржан Ерлан Дәурен Асқар Қайрат Серік Әлібек")
_SURNAMES = _words("""Беляев Елисеев Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков
Морозов
Тумакбаев Жұмабаев Сәрсенов Қасымов Нұрланов Ахметов Беков Омаров Сейітов Исаев Есенов Жақсыбеков
Ким Шевченко Ли""")

_CITIES = _words("АСТАНА АЛМАТЫ ШЫМКЕНТ ҚАРАҒАНДЫ АҚТАУ АТЫРАУ ПАВЛОДАР ТАРАЗ ОРАЛ ТҮРКІСТАН")
_PHOTO_ORGS_RU = [
    "Сенат / Н. Байбулин", "Сенат", "пресс-служба Акорды", "из открытых источников",
    "Мажилис", "пресс-служба МИД РК", "Kazpravda.kz / Е. Павлов", "pixabay", "акимат города",
]  # fmt: skip
_PHOTO_ORGS_KK = ["Ақорда", "Сенат", "Мәжіліс", "ашық дереккөздерден", "Үкімет", "ҚР СІМ"]
_RU_MONTHS = _words(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
)
_KK_MONTHS = _words(
    "Қаңтар Ақпан Наурыз Сәуір Мамыр Маусым Шілде Тамыз Қыркүйек Қазан Қараша Желтоқсан"
)
_OTHER_OUTLETS = [
    ("Tengrinews.kz", "Tengrinews.kz"), ("Informburo.kz", "Informburo.kz"),
    ("Vlast.kz", "Vlast.kz"), ("Orda.kz", "Orda.kz"), ("агентство КазТАГ", "КазТАГ"),
]  # fmt: skip
#: Latin letters that look like Cyrillic ones, as scraped text often mixes them in.
_LATIN_LOOKALIKE = {"С": "C", "о": "o", "а": "a", "е": "e", "р": "p", "с": "c", "О": "O"}

#: (template, share): ~70% Russian, ~30% Kazakh.
_TEMPLATES: list[tuple[str, float]] = [
    ("kazpravda_lead", 0.12), ("kazpravda_titled", 0.12), ("zakon", 0.28),
    ("kazinform_ru", 0.10), ("other_ru", 0.08), ("kazinform_kk", 0.20), ("kk_other", 0.10),
]  # fmt: skip


# -- building the vocabularies ------------------------------------------------------------------


def _weighted_words(spec: str) -> list[tuple[str, float]]:
    words = spec.split()
    return [(words[i], float(words[i + 1])) for i in range(0, len(words), 2)]


def _entities(spec: str) -> tuple[list[str], list[float]]:
    pairs = [item.rsplit("|", 1) for item in spec.replace("\n", " ").split(" ") if item]
    # Multi-word phrases were split on spaces: glue the pieces back up to each "|weight".
    phrases: list[str] = []
    weights: list[float] = []
    pending: list[str] = []
    for pair in pairs:
        if len(pair) == 1:
            pending.append(pair[0])
            continue
        phrases.append(" ".join([*pending, pair[0]]))
        weights.append(float(pair[1]))
        pending = []
    return phrases, weights


def _zipf(count: int, exponent: float, offset: float) -> list[float]:
    return [1.0 / (rank + offset) ** exponent for rank in range(1, count + 1)]


def _ru_stems(rng: random.Random, count: int) -> list[str]:
    stems: dict[str, None] = {}
    while len(stems) < count:
        syllables = rng.choice((1, 2, 2, 2, 3, 3))
        stem = "".join(
            rng.choice(_RU_SYL_ONSETS) + rng.choice(_RU_VOWELS) for _ in range(syllables)
        )
        coda = rng.choice(_RU_CODAS)
        stem += "" if coda == "-" else coda
        if len(stem) >= 3:
            stems[stem] = None
    return list(stems)


def _kk_stem(rng: random.Random) -> str:
    back = rng.random() < 0.6
    onsets = _KK_ONSETS_BACK if back else _KK_ONSETS_FRONT
    vowels = _KK_BACK if back else _KK_FRONT
    codas = _KK_CODAS_BACK if back else _KK_CODAS_FRONT
    stem = rng.choice(vowels) if rng.random() < 0.2 else ""
    for _ in range(rng.choice((1, 2, 2, 2, 3))):
        stem += rng.choice(onsets) + rng.choice(vowels)
    coda = rng.choice(codas)
    return stem + ("" if coda == "-" else coda)


def _kk_back(word: str) -> bool:
    for ch in reversed(word):
        if ch in _KK_BACK_SET:
            return True
        if ch in _KK_FRONT_SET:
            return False
    return True


def _kk_suffix(word: str, kind: str, after_possessive: bool) -> str:
    back = _kk_back(word)
    last = word[-1]
    vowel = last in _KK_VOWELS
    voiceless = last in _KK_VOICELESS
    nasal = last in _KK_NASAL
    a, y = ("а", "ы") if back else ("е", "і")
    if after_possessive:  # the pronominal n: -ының, -ына, -ын, -ында, -ынан
        return {"GEN": "н" + y + "ң", "DAT": "н" + a, "ACC": "н", "LOC": "нд" + a,
                "ABL": "н" + a + "н", "INS": "мен"}[kind]  # fmt: skip
    if kind == "PL":
        lead = "л" if vowel or last in "рйу" else "т" if voiceless else "д"
        return lead + a + "р"
    if kind == "GEN":
        lead = "н" if vowel or nasal else "т" if voiceless else "д"
        return lead + y + "ң"
    if kind == "DAT":
        if vowel or not voiceless:
            return ("ғ" if back else "г") + a
        return ("қ" if back else "к") + a
    if kind == "ACC":
        lead = "н" if vowel else "т" if voiceless else "д"
        return lead + y
    if kind == "LOC":
        return ("т" if voiceless else "д") + a
    if kind == "ABL":
        lead = "н" if nasal else "т" if voiceless else "д"
        return lead + a + "н"
    if kind == "INS":
        return ("м" if vowel or last in "рйулмнң" else "п" if voiceless else "б") + "ен"
    if kind == "P3":
        return ("с" + y) if vowel else y
    if kind == "PAST":
        return ("т" if voiceless else "д") + y
    if kind == "PTCP":
        return ("қ" if back else "к") + a + "н" if voiceless else ("ғ" if back else "г") + a + "н"
    if kind == "CONV":
        return "п" if vowel else y + "п"
    if kind == "PROG":
        return ("у" if vowel else y + "у") + "д" + a
    raise ValueError(kind)


def _kk_inflect(stem: str, chain: tuple[str, ...]) -> str:
    word = stem
    possessive = False
    for kind in chain:
        word += _kk_suffix(word, kind, possessive and kind != "PL")
        possessive = kind == "P3"
    return word


def _alias_table(weights: list[float]) -> tuple[array.array[float], array.array[int]]:
    """Walker's alias table: sampling is then O(1) (a bisect over 500k weights is not cheap)."""
    count = len(weights)
    scale = count / sum(weights)
    prob = [weight * scale for weight in weights]
    alias = list(range(count))
    small = [i for i, p in enumerate(prob) if p < 1.0]
    large = [i for i, p in enumerate(prob) if p >= 1.0]
    while small and large:
        less, more = small.pop(), large.pop()
        alias[less] = more
        prob[more] -= 1.0 - prob[less]
        (small if prob[more] < 1.0 else large).append(more)
    for i in small + large:
        prob[i] = 1.0
    return array.array("d", prob), array.array("l", alias)


@dataclass(slots=True)
class Lexicon:
    """One language's word forms with sampling tables (plus names to drop in)."""

    forms: list[str]
    prob: array.array[float]
    alias: array.array[int]
    entities: list[str]
    entity_cum: list[float]
    typo_letters: str
    said: tuple[str, ...]

    def sample(self, rng: random.Random, count: int) -> list[int]:
        """``count`` word indices drawn with the lexicon's (Zipf) frequencies."""
        size = len(self.forms)
        prob, alias, draw = self.prob, self.alias, rng.random
        points = [draw() * size for _ in range(count)]
        return [i if u - i < prob[i] else alias[i] for u in points for i in (int(u),)]

    def entity(self, rng: random.Random) -> str:
        """A recurring name or phrase."""
        return self.entities[bisect.bisect(self.entity_cum, rng.random() * self.entity_cum[-1])]


def _combine(groups: list[tuple[float, list[str], list[float]]]) -> tuple[list[str], list[float]]:
    """Concatenate word groups, each group scaled to its share of the total frequency."""
    forms: list[str] = []
    scaled: list[float] = []
    for share, words, weights in groups:
        scale = share / sum(weights)
        forms.extend(words)
        scaled.extend(weight * scale for weight in weights)
    return forms, scaled


def _ru_lexicon(seed: int) -> Lexicon:
    rng = random.Random(f"ru-lexicon-{seed}")
    function = _weighted_words(_RU_FUNCTION)
    common = list(dict.fromkeys(_RU_COMMON.split()))
    stems = _ru_stems(rng, 46_000)
    stem_weights = _zipf(len(stems), 1.05, 4.0)
    words: list[str] = []
    weights: list[float] = []
    seen = {w for w, _ in function} | set(common) | _RESERVED
    for stem, stem_weight in zip(stems, stem_weights, strict=True):
        draw = rng.random()
        endings = _RU_CLASSES[-1][1]
        for share, class_endings in _RU_CLASSES:
            draw -= share
            if draw < 0:
                endings = class_endings
                break
        total = sum(weight for _, weight in endings)
        for ending, weight in endings:
            word = stem + ending
            if word not in seen:
                seen.add(word)
                words.append(word)
                weights.append(stem_weight * weight / total)
    forms, weights = _combine(
        [
            (0.33, [w for w, _ in function], [weight for _, weight in function]),
            (0.12, common, _zipf(len(common), 0.8, 2.0)),
            (0.55, words, weights),
        ]
    )
    entities, entity_weights = _entities(_RU_ENTITIES)
    cum = list(itertools.accumulate(entity_weights))
    said = ("отметил", "заявил", "подчеркнул", "сказал")
    return Lexicon(forms, *_alias_table(weights), entities, cum, "аеиостнрвлкмдп", said)


def _kk_lexicon(seed: int) -> Lexicon:
    rng = random.Random(f"kk-lexicon-{seed}")
    function = _weighted_words(_KK_FUNCTION)
    common = list(dict.fromkeys(_KK_COMMON.split()))
    stems: dict[str, None] = {}
    while len(stems) < 19_000:
        stem = _kk_stem(rng)
        if len(stem) >= 3:
            stems[stem] = None
    stem_weights = _zipf(len(stems), 1.05, 4.0)
    chain_total = sum(weight for _, weight in _KK_CHAINS)
    words: list[str] = []
    weights: list[float] = []
    seen = {w for w, _ in function} | set(common) | _RESERVED
    for stem, stem_weight in zip(stems, stem_weights, strict=True):
        for chain, weight in _KK_CHAINS:
            if rng.random() < 0.15:  # not every stem takes every ending
                continue
            word = _kk_inflect(stem, chain)
            if word not in seen:
                seen.add(word)
                words.append(word)
                weights.append(stem_weight * weight / chain_total)
    forms, weights = _combine(
        [
            (0.25, [w for w, _ in function], [weight for _, weight in function]),
            (0.15, common, _zipf(len(common), 0.8, 2.0)),
            (0.60, words, weights),
        ]
    )
    entities, entity_weights = _entities(_KK_ENTITIES)
    cum = list(itertools.accumulate(entity_weights))
    said = ("деді", "атап өтті", "деп атап өтті")
    return Lexicon(forms, *_alias_table(weights), entities, cum, "аеыітнрлсқжб", said)


@lru_cache(maxsize=4)
def lexicons(seed: int) -> dict[str, Lexicon]:
    """The Russian and Kazakh lexicons for ``seed`` (built once per process, ~1-2 s)."""
    return {"ru": _ru_lexicon(seed), "kk": _kk_lexicon(seed)}


# -- writing articles ---------------------------------------------------------------------------


@dataclass(slots=True)
class SynthArticle:
    """One generated file: its name, its text, and what the parser should find in it."""

    name: str
    text: str
    meta: dict[str, Any]
    #: Word indices drawn from the lexicon (for counting distinct forms), and made-up typos.
    used: list[int] = field(default_factory=list)
    typos: list[str] = field(default_factory=list)


class _Writer:
    """Builds the text of one article from one random stream."""

    def __init__(self, rng: random.Random, lexicon: Lexicon) -> None:
        self.rng = rng
        self.lex = lexicon
        self.used: list[int] = []
        self.typos: list[str] = []

    def _typo(self, word: str) -> str:
        rng = self.rng
        i = rng.randrange(1, len(word) - 1)
        kind = rng.random()
        if kind < 0.35:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind < 0.7:
            typo = word[:i] + word[i + 1 :]
        elif kind < 0.85:
            typo = word[:i] + word[i] + word[i:]
        else:
            typo = word[:i] + rng.choice(self.lex.typo_letters) + word[i + 1 :]
        self.typos.append(typo)
        return typo

    def words(self, count: int) -> list[str]:
        indices = self.lex.sample(self.rng, count)
        self.used.extend(indices)
        forms = self.lex.forms
        words = [forms[i] for i in indices]
        rng = self.rng
        typos = int(count * _TYPO_RATE + rng.random())
        for _ in range(typos):
            at = int(rng.random() * count)
            if len(words[at]) >= 4:
                words[at] = self._typo(words[at])
        return words

    def sentence(self, low: int = 7, high: int = 22, end: str = ".") -> str:
        rng = self.rng
        words = self.words(rng.randint(low, high))
        draw = rng.random
        if draw() < 0.45:
            words[int(draw() * len(words))] = self.lex.entity(rng)
        if len(words) > 6 and draw() < 0.5:
            words[2 + int(draw() * (len(words) - 4))] += ","
        if rng.random() < 0.02:  # a Latin look-alike letter inside a Cyrillic word
            at = rng.randrange(len(words))
            word = words[at]
            for i, ch in enumerate(word):
                if ch in _LATIN_LOOKALIKE:
                    words[at] = word[:i] + _LATIN_LOOKALIKE[ch] + word[i + 1 :]
                    break
        text = " ".join(words)
        return text[0].upper() + text[1:] + end

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        rng = self.rng
        parts = [self.sentence() for _ in range(rng.randint(low, high))]
        if rng.random() < 0.12:  # a quotation, and who said it
            at = rng.randrange(len(parts))
            said = self.lex.said[int(rng.random() * len(self.lex.said))]
            parts[at] = f"«{parts[at][:-1]}», – {said} {self.lex.entity(rng)}."
        return " ".join(parts)

    def title(self) -> str:
        text = self.sentence(4, 11, end="")
        return text.rstrip(",")

    def body(self, paragraphs: int) -> list[str]:
        return [self.paragraph() for _ in range(paragraphs)]


def _paragraph_count(rng: random.Random) -> int:
    return min(30, 3 + int(rng.expovariate(1 / 4.5)))


def _person(rng: random.Random, kazakh: bool) -> str:
    female = rng.random() < 0.55
    if kazakh and rng.random() < 0.8:
        first = rng.choice(_FEMALE_KK if female else _MALE_KK)
    else:
        first = rng.choice(_FEMALE_RU if female else _MALE_RU)
    surname = rng.choice(_SURNAMES)
    if female and surname[-1] in "внй":
        surname += "а"
    return f"{first} {surname}"


def _stamp(rng: random.Random) -> tuple[dt.date, int, int]:
    day = dt.date.fromordinal(rng.randint(_FIRST_DAY, _LAST_DAY))
    return day, rng.randint(6, 23), rng.randrange(60)


def _iso(day: dt.date | None, hour: int | None = None, minute: int = 0, offset: str = "") -> str:
    if day is None:
        return ""
    if hour is None:
        return day.isoformat()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}{offset}"


def _tags(rng: random.Random, pool: list[str], low: int, high: int) -> list[str]:
    return rng.sample(pool, rng.randint(low, high))


def _kazpravda_lead(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day, _, _ = _stamp(rng)
    lead = w.sentence(22, 40, end="") + ", передает Kazpravda.kz"
    lines = [f" date {day.isoformat()} {lead}", "", f"Фото: {rng.choice(_PHOTO_ORGS_RU)}", ""]
    for paragraph in w.body(_paragraph_count(rng)):
        lines += [paragraph, ""]
    meta = {"published": _iso(day), "source": "Kazpravda.kz", "title": None}
    return lines, meta


def _kazpravda_titled(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day = _stamp(rng)[0] if rng.random() < 0.5 else None
    title = w.title()
    tags = _tags(rng, _TAGS_RU, 2, 4)
    space = "\u00a0" if rng.random() < 0.3 else " "
    first = f" date {day.isoformat()} {title}" if day else title
    lines = [first, "", w.sentence(12, 24, end=""), "", f"Фото: {rng.choice(_PHOTO_ORGS_RU)}", ""]
    lines += [w.sentence(16, 30, end="") + f", передает{space}Kazpravda.kz", ""]
    for paragraph in w.body(_paragraph_count(rng)):
        lines += [paragraph, ""]
    lines += [" ".join("#" + tag for tag in tags), "", ""]
    meta = {"published": _iso(day), "source": "Kazpravda.kz", "title": title, "tags": tags}
    return lines, meta


def _zakon(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day, hour, minute = _stamp(rng)
    tags = _tags(rng, _TAGS_RU, 1, 2)
    rubric = rng.choice(_RUBRICS) if rng.random() < 0.8 else None
    author = _person(rng, kazakh=False)
    title = w.title()
    caption = w.sentence(3, 8, end="").rstrip(",")
    stamp = f"{day:%d.%m.%Y} {hour:02d}:{minute:02d}"
    lines = [f" date {day.isoformat()} #{tags[0]}", *(f"#{tag}" for tag in tags[1:])]
    if rubric:
        lines.append(rubric)
    lines += ["", title, "", f"{caption}, фото - Новости Zakon.kz от {stamp}"]
    attribution = rng.choice(("передает корреспондент Zakon.kz", "передает Zakon.kz"))
    lines += [w.sentence(18, 34, end="") + f", {attribution}.", ""]
    for paragraph in w.body(_paragraph_count(rng)):
        lines += [paragraph, ""]
    if rng.random() < 0.5:
        lines.append(f"Фото {author}")
    lines += [author, author, ""]
    meta = {
        "published": _iso(day, hour, minute),
        "source": "Zakon.kz",
        "author": author,
        "title": title,
        "rubric": rubric,
        "tags": tags,
    }
    return lines, meta


def _kazinform_ru(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day, hour, minute = _stamp(rng)
    author = _person(rng, kazakh=rng.random() < 0.5) if rng.random() < 0.6 else None
    title = w.title()
    lines = [f"{day.day} {_RU_MONTHS[day.month - 1]} {day.year}, {hour:02d}:{minute:02d}", ""]
    lines += [title, "", f"{rng.choice(_CITIES)}. KAZINFORM — " + w.sentence(16, 30), ""]
    body = w.body(_paragraph_count(rng))
    at = rng.randrange(len(body))
    for i, paragraph in enumerate(body):
        lines += [paragraph, ""]
        if i == at:
            lines += [f"Фото: {rng.choice(_PHOTO_ORGS_RU)}", ""]
    if author:
        lines += [author, author, "Автор"]
    meta = {"published": _iso(day, hour, minute), "source": "Kazinform", "author": author}
    meta["title"] = title
    return lines, meta


def _other_ru(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day = _stamp(rng)[0] if rng.random() < 0.7 else None
    name, outlet = rng.choice(_OTHER_OUTLETS)
    title = w.title()
    first = f" date {day.isoformat()} {title}" if day else title
    lines = [first, "", w.sentence(16, 30, end="") + f", сообщает {name}.", ""]
    body = w.body(_paragraph_count(rng))
    for i, paragraph in enumerate(body):
        lines += [paragraph, ""]
        if i == 0:
            lines += [f"Фото: {rng.choice(_PHOTO_ORGS_RU)}", ""]
    meta = {"published": _iso(day), "source": outlet, "title": title}
    return lines, meta


def _kazinform_kk(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day, hour, minute = _stamp(rng)
    author = _person(rng, kazakh=True)
    title = w.title()
    month = _KK_MONTHS[day.month - 1]
    lines = [f"{hour:02d}:{minute:02d}, {day.day} {month} {day.year} | GMT +5", "", title, ""]
    lines += [f"{rng.choice(_CITIES)}. KAZINFORM — " + w.sentence(12, 24), ""]
    caption = w.sentence(5, 10, end="").rstrip(",") + "\u00a0— " + w.words(1)[0]
    lines += [caption, f"Фото: {rng.choice(_PHOTO_ORGS_KK)}", ""]
    body = w.body(_paragraph_count(rng))
    for paragraph in body:
        lines += [paragraph, ""]
    lines += [author, author, "Автор"]
    lines = [("    " + line) if line else line for line in lines]
    meta = {
        "published": _iso(day, hour, minute, "+05:00"),
        "source": "Kazinform",
        "author": author,
        "title": title,
    }
    return lines, meta


def _kk_other(w: _Writer, rng: random.Random) -> tuple[list[str], dict[str, Any]]:
    day, hour, minute = _stamp(rng)
    kazinform = rng.random() < 0.6
    author = _person(rng, kazakh=True) if rng.random() < 0.5 else None
    tags = _tags(rng, _TAGS_KK, 1, 3) if rng.random() < 0.6 else []
    title = w.title()
    lines = [title, "", f"{day:%d.%m.%Y}, {hour:02d}:{minute:02d}", ""]
    who = "Kazinform тілшісі" if kazinform else "Egemen.kz"
    lines += [w.sentence(14, 28, end="") + f", деп хабарлайды {who}.", ""]
    for paragraph in w.body(_paragraph_count(rng)):
        lines += [paragraph, ""]
    if tags:
        lines += [" ".join("#" + tag for tag in tags), ""]
    if author:
        lines += [author, author]
    meta = {
        "published": _iso(day, hour, minute),
        "source": "Kazinform" if kazinform else "Egemen Qazaqstan",
        "author": author,
        "title": title,
        "tags": tags,
    }
    return lines, meta


_BUILDERS = {
    "kazpravda_lead": ("ru", _kazpravda_lead),
    "kazpravda_titled": ("ru", _kazpravda_titled),
    "zakon": ("ru", _zakon),
    "kazinform_ru": ("ru", _kazinform_ru),
    "other_ru": ("ru", _other_ru),
    "kazinform_kk": ("kk", _kazinform_kk),
    "kk_other": ("kk", _kk_other),
}
_TEMPLATE_NAMES = [name for name, _ in _TEMPLATES]
_TEMPLATE_CUM: list[float] = []
for _name, _share in _TEMPLATES:
    _TEMPLATE_CUM.append((_TEMPLATE_CUM[-1] if _TEMPLATE_CUM else 0.0) + _share)


def generate_article(index: int, seed: int = DEFAULT_SEED) -> SynthArticle:
    """Article number ``index`` of the corpus for ``seed`` (the same every time)."""
    rng = random.Random(seed * 10_000_019 + index)
    template = rng.choices(_TEMPLATE_NAMES, cum_weights=_TEMPLATE_CUM)[0]
    lang, build = _BUILDERS[template]
    writer = _Writer(rng, lexicons(seed)[lang])
    lines, meta = build(writer, rng)
    newline = "\r\n" if rng.random() < 0.02 else "\n"
    text = newline.join(lines)
    if not text.endswith(newline):
        text += newline
    full = {
        "template": template,
        "lang": lang,
        "published": None,
        "source": None,
        "author": None,
        "title": None,
        "rubric": None,
        "tags": [],
    }
    full.update(meta)
    full["published"] = full["published"] or None
    name = f"{index:06d}_{rng.getrandbits(64):016x}.txt"
    return SynthArticle(name, text, full, writer.used, writer.typos)


# -- whole corpora ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """A generated corpus on disk."""

    path: Path
    count: int
    seed: int
    bytes: int
    distinct_words: int
    seconds: float
    reused: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "count": self.count,
            "seed": self.seed,
            "bytes": self.bytes,
            "distinct_words": self.distinct_words,
            "generate_s": round(self.seconds, 2),
            "reused": self.reused,
        }


_counter: Any = None


def _init_worker(counter: Any) -> None:
    global _counter
    _counter = counter


def _write_range(
    directory: str, start: int, stop: int, seed: int, counter: Any = None
) -> tuple[int, bytes, list[str]]:
    """Write articles ``start`` … ``stop - 1``; return (bytes written, used-words bitmap, typos)."""
    counter = counter if counter is not None else _counter
    lexicon_sizes = {lang: len(lex.forms) for lang, lex in lexicons(seed).items()}
    used = bytearray(lexicon_sizes["ru"] + lexicon_sizes["kk"])
    kk_base = lexicon_sizes["ru"]
    typos: set[str] = set()
    written = 0
    pending = 0
    for index in range(start, stop):
        article = generate_article(index, seed)
        data = article.text.encode("utf-8")
        with open(os.path.join(directory, article.name), "wb") as handle:
            handle.write(data)
        written += len(data)
        base = kk_base if article.meta["lang"] == "kk" else 0
        for i in article.used:
            used[base + i] = 1
        typos.update(word.lower() for word in article.typos)
        pending += 1
        if counter is not None and pending == 100:
            with counter.get_lock():
                counter.value += pending
            pending = 0
    if counter is not None and pending:
        with counter.get_lock():
            counter.value += pending
    return written, bytes(used), sorted(typos)


def write_corpus(
    directory: Path,
    count: int,
    seed: int = DEFAULT_SEED,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> CorpusInfo:
    """Write ``count`` articles into ``directory`` (created; should be empty)."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1
    if count < _PARALLEL_MIN or workers < 2:
        results = [_write_range(str(directory), 0, count, seed)]
        if progress:
            progress(count, count)
    else:
        context = mp.get_context("spawn")
        counter = context.Value("q", 0)
        shards = workers * 4
        bounds = [count * i // shards for i in range(shards + 1)]
        jobs = [(str(directory), bounds[i], bounds[i + 1], seed) for i in range(shards)]
        with context.Pool(workers, initializer=_init_worker, initargs=(counter,)) as pool:
            pending = pool.starmap_async(_write_range, jobs)
            while not pending.ready():
                pending.wait(0.25)
                if progress:
                    progress(counter.value, count)
            results = pending.get()
    used = 0  # the bitmaps hold one 0/1 byte per word form: OR them as big integers
    typos: set[str] = set()
    written = 0
    for size, bitmap, typo_list in results:
        written += size
        used |= int.from_bytes(bitmap, "little")
        typos.update(typo_list)
    distinct = used.bit_count() + len(typos)
    return CorpusInfo(directory, count, seed, written, distinct, time.perf_counter() - started)


def corpus_dir(count: int, seed: int = DEFAULT_SEED, root: Path = OUT_DIR) -> Path:
    """Where the corpus of ``count`` articles for ``seed`` is cached."""
    return root / f"corpus-n{count}-s{seed}-g{GENERATOR_VERSION}"


def ensure_corpus(
    count: int,
    seed: int = DEFAULT_SEED,
    *,
    root: Path = OUT_DIR,
    progress: Progress | None = None,
) -> CorpusInfo:
    """The cached corpus for (count, seed, generator version), generated first if need be."""
    directory = corpus_dir(count, seed, root)
    manifest = directory / "manifest.json"
    if manifest.is_file():
        try:
            info = json.loads(manifest.read_text(encoding="utf-8"))
            if info.get("count") == count and info.get("generator") == GENERATOR_VERSION:
                return CorpusInfo(
                    directory / "articles",
                    count,
                    seed,
                    int(info["bytes"]),
                    int(info["distinct_words"]),
                    float(info["generate_s"]),
                    reused=True,
                )
        except (OSError, ValueError, KeyError):
            pass
    if directory.exists():
        shutil.rmtree(directory)
    info = write_corpus(directory / "articles", count, seed, progress=progress)
    if hasattr(os, "sync"):
        os.sync()  # no write-back of 600 MB going on under the first measurements
    record = info.as_dict() | {"generator": GENERATOR_VERSION}
    manifest.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.synth COUNT [DIR] [--seed N]``: write a corpus, print its summary."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=main.__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("directory", type=Path, nargs="?", help="default: cached under bench/out")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.directory is None:
        info = ensure_corpus(args.count, args.seed)
    else:
        info = write_corpus(args.directory, args.count, args.seed)
    json.dump(info.as_dict(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def working_copy(info: CorpusInfo, work: Path, stale: str) -> Path:
    """A hard-linked copy of ``info``'s corpus under ``work`` (made once; the original stays
    clean), without the files an earlier run added (named by the glob ``stale``)."""
    corpus = work / "articles"
    if not corpus.is_dir():
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-al", str(info.path), str(corpus)], check=True)
    for path in corpus.glob(stale):
        path.unlink()
    return corpus
