"""Word pools of the demo customer base: countries with their cities, names, legal forms and numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

BATCH = 5000
COORDINATOR = "giulia.rossi"
ADMIN = "admin"


class City(NamedTuple):
    name: str
    postal_code: str
    region: str
    area: str  # dialling code after the country code, as kept in E.164
    fixed: str  # fixed leading subscriber digits (fictional ranges in the UK and US)
    digits: int  # random subscriber digits after `fixed`
    streets: tuple[str, ...]


class Word(NamedTuple):
    native: str
    ascii: str
    industry: str = ""


@dataclass(frozen=True)
class Country:
    code: str
    language: str
    currency: str
    calling_code: str
    tld: str
    legal_forms: tuple[str, ...]
    cities: tuple[City, ...]
    mobiles: tuple[tuple[str, int], ...]
    prefixes: tuple[Word, ...]
    sectors: tuple[Word, ...]
    given: tuple[tuple[str, str, str], ...]  # (name, ascii, "f" or "m")
    family: tuple[Word, ...]
    titles: tuple[str, ...]
    salutations: tuple[str, str]  # (female, male)
    owners: tuple[str, ...]
    territory: str
    curated: int  # accounts in the small set


GERMANY = Country(
    code="DE",
    language="de",
    currency="EUR",
    calling_code="49",
    tld="de",
    legal_forms=("GmbH", "GmbH", "AG", "GmbH & Co. KG"),
    cities=(
        City("Berlin", "10115", "Berlin", "30", "", 8, ("Friedrichstraße", "Torstraße", "Kantstraße")),
        City("Hamburg", "20095", "Hamburg", "40", "", 7, ("Mönckebergstraße", "Am Sandtorkai")),
        City("München", "80331", "Bayern", "89", "", 8, ("Leopoldstraße", "Sendlinger Straße")),
        City("Köln", "50667", "Nordrhein-Westfalen", "221", "", 7, ("Hohe Straße", "Ehrenstraße")),
        City("Stuttgart", "70173", "Baden-Württemberg", "711", "", 7, ("Königstraße", "Calwer Straße")),
    ),
    mobiles=(("151", 8), ("171", 7), ("160", 7)),
    prefixes=(
        Word("Müller", "mueller"),
        Word("Krüger", "krueger"),
        Word("Bergmann", "bergmann"),
        Word("Hoffmann", "hoffmann"),
        Word("Hansa", "hansa"),
        Word("Rhein", "rhein"),
        Word("Alpen", "alpen"),
        Word("Nordlicht", "nordlicht"),
        Word("Spree", "spree"),
        Word("Weser", "weser"),
    ),
    sectors=(
        Word("Maschinenbau", "maschinenbau", "Mechanical engineering"),
        Word("Logistik", "logistik", "Logistics"),
        Word("Medien", "medien", "Media"),
        Word("Druck", "druck", "Printing"),
        Word("Software", "software", "Software"),
        Word("Messebau", "messebau", "Trade fair construction"),
        Word("Brauerei", "brauerei", "Food and beverages"),
        Word("Events", "events", "Events"),
        Word("Pharma", "pharma", "Pharmaceuticals"),
    ),
    given=(
        ("Anna", "anna", "f"),
        ("Julia", "julia", "f"),
        ("Katrin", "katrin", "f"),
        ("Sabine", "sabine", "f"),
        ("Lena", "lena", "f"),
        ("Jürgen", "juergen", "m"),
        ("Thomas", "thomas", "m"),
        ("Stefan", "stefan", "m"),
        ("Jörg", "joerg", "m"),
        ("Maximilian", "maximilian", "m"),
    ),
    family=(
        Word("Müller", "mueller"),
        Word("Schneider", "schneider"),
        Word("Fischer", "fischer"),
        Word("Weber", "weber"),
        Word("Meyer", "meyer"),
        Word("Wagner", "wagner"),
        Word("Schäfer", "schaefer"),
        Word("Koch", "koch"),
        Word("Groß", "gross"),
    ),
    titles=("Geschäftsführung", "Leitung Marketing", "Einkauf", "Leitung Vertrieb", "Assistenz"),
    salutations=("Frau", "Herr"),
    owners=("anna.schmidt", "lukas.weber"),
    territory="dach",
    curated=12,
)

ITALY = Country(
    code="IT",
    language="it",
    currency="EUR",
    calling_code="39",
    tld="it",
    legal_forms=("S.r.l.", "S.r.l.", "S.p.A."),
    cities=(
        City("Milano", "20121", "Lombardia", "02", "", 8, ("Via Dante", "Corso Buenos Aires")),
        City("Roma", "00184", "Lazio", "06", "", 8, ("Via Nazionale", "Via del Corso")),
        City("Torino", "10121", "Piemonte", "011", "", 7, ("Via Roma", "Corso Vittorio Emanuele II")),
        City("Bologna", "40121", "Emilia-Romagna", "051", "", 7, ("Via Indipendenza", "Via Rizzoli")),
    ),
    mobiles=(("347", 7), ("335", 7), ("320", 7)),
    prefixes=(
        Word("Ferretti", "ferretti"),
        Word("Bellini", "bellini"),
        Word("Colombo", "colombo"),
        Word("Rinaldi", "rinaldi"),
        Word("Galli", "galli"),
        Word("Moretti", "moretti"),
        Word("Conti", "conti"),
        Word("Lombardi", "lombardi"),
    ),
    sectors=(
        Word("Arredamenti", "arredamenti", "Furniture"),
        Word("Design", "design", "Design"),
        Word("Alimentari", "alimentari", "Food and beverages"),
        Word("Moda", "moda", "Fashion"),
        Word("Trasporti", "trasporti", "Logistics"),
        Word("Eventi", "eventi", "Events"),
        Word("Tipografia", "tipografia", "Printing"),
        Word("Meccanica", "meccanica", "Mechanical engineering"),
    ),
    given=(
        ("Francesca", "francesca", "f"),
        ("Chiara", "chiara", "f"),
        ("Elena", "elena", "f"),
        ("Federica", "federica", "f"),
        ("Alessandro", "alessandro", "m"),
        ("Lorenzo", "lorenzo", "m"),
        ("Matteo", "matteo", "m"),
        ("Niccolò", "niccolo", "m"),
        ("Davide", "davide", "m"),
    ),
    family=(
        Word("Rossi", "rossi"),
        Word("Russo", "russo"),
        Word("Esposito", "esposito"),
        Word("Romano", "romano"),
        Word("Ricci", "ricci"),
        Word("Marino", "marino"),
        Word("De Luca", "deluca"),
        Word("D'Angelo", "dangelo"),
    ),
    titles=("Amministratore delegato", "Responsabile marketing", "Ufficio acquisti", "Direttore commerciale"),
    salutations=("Sig.ra", "Sig."),
    owners=("marco.bianchi", "giulia.rossi"),
    territory="south-east",
    curated=11,
)

CHINA = Country(
    code="CN",
    language="zh-hans",
    currency="CNY",
    calling_code="86",
    tld="cn",
    legal_forms=("有限公司", "有限公司", "股份有限公司"),
    cities=(
        City(
            "上海市", "200120", "上海", "21", "", 8, ("浦东新区世纪大道", "徐汇区淮海中路", "静安区南京西路")
        ),
        City("深圳市", "518057", "广东省", "755", "", 8, ("南山区深南大道", "福田区福华一路")),
        City("北京市", "100020", "北京", "10", "", 8, ("朝阳区建国路", "海淀区中关村大街")),
    ),
    mobiles=(("138", 8), ("139", 8), ("186", 8)),
    prefixes=(
        Word("东方", "dongfang"),
        Word("华星", "huaxing"),
        Word("长城", "changcheng"),
        Word("锦江", "jinjiang"),
        Word("蓝海", "lanhai"),
        Word("京华", "jinghua"),
        Word("未来", "weilai"),
        Word("白玉兰", "baiyulan"),
    ),
    sectors=(
        Word("传媒", "media", "Media"),
        Word("电子", "electronics", "Electronics"),
        Word("咨询", "consulting", "Consulting"),
        Word("展览", "expo", "Events"),
        Word("物流", "logistics", "Logistics"),
        Word("印刷", "printing", "Printing"),
        Word("科技", "tech", "Software"),
        Word("食品", "foods", "Food and beverages"),
    ),
    given=(
        ("芳", "fang", "f"),
        ("娜", "na", "f"),
        ("秀英", "xiuying", "f"),
        ("静", "jing", "f"),
        ("敏", "min", "f"),
        ("伟", "wei", "m"),
        ("强", "qiang", "m"),
        ("磊", "lei", "m"),
        ("晓明", "xiaoming", "m"),
        ("军", "jun", "m"),
    ),
    family=(
        Word("王", "wang"),
        Word("李", "li"),
        Word("张", "zhang"),
        Word("刘", "liu"),
        Word("陈", "chen"),
        Word("杨", "yang"),
        Word("黄", "huang"),
        Word("赵", "zhao"),
    ),
    titles=("总经理", "市场总监", "采购经理", "销售总监", "行政助理"),
    salutations=("女士", "先生"),
    owners=("wang.fang",),
    territory="china",
    curated=10,
)

BULGARIA = Country(
    code="BG",
    language="bg",
    currency="BGN",
    calling_code="359",
    tld="bg",
    legal_forms=("ООД", "ЕООД", "АД"),
    cities=(
        City(
            "София", "1000", "София-град", "2", "", 7, ("бул. Витоша", "ул. Граф Игнатиев", "бул. Черни връх")
        ),
        City("Пловдив", "4000", "Пловдив", "32", "", 6, ("ул. Княз Александър I", "бул. Руски")),
        City("Варна", "9000", "Варна", "52", "", 6, ("бул. Приморски", "ул. Цар Симеон I")),
    ),
    mobiles=(("88", 7), ("89", 7), ("87", 7)),
    prefixes=(
        Word("Балкан", "balkan"),
        Word("Родопа", "rodopa"),
        Word("Витоша", "vitosha"),
        Word("Черно море", "chernomore"),
        Word("Тракия", "trakia"),
        Word("Пирин", "pirin"),
        Word("Дунав", "dunav"),
        Word("Марица", "maritsa"),
    ),
    sectors=(
        Word("Трейд", "trade", "Wholesale"),
        Word("Медия", "media", "Media"),
        Word("Софт", "soft", "Software"),
        Word("Логистик", "logistics", "Logistics"),
        Word("Агро", "agro", "Agriculture"),
        Word("Строй", "stroy", "Construction"),
        Word("Принт", "print", "Printing"),
        Word("Ивент", "event", "Events"),
    ),
    given=(
        ("Мария", "maria", "f"),
        ("Елена", "elena", "f"),
        ("Десислава", "desislava", "f"),
        ("Цветелина", "tsvetelina", "f"),
        ("Николай", "nikolay", "m"),
        ("Петър", "petar", "m"),
        ("Стоян", "stoyan", "m"),
        ("Димитър", "dimitar", "m"),
        ("Христо", "hristo", "m"),
    ),
    # Male forms; the female form adds -а (Иванов → Иванова).
    family=(
        Word("Иванов", "ivanov"),
        Word("Георгиев", "georgiev"),
        Word("Димитров", "dimitrov"),
        Word("Николов", "nikolov"),
        Word("Стоянов", "stoyanov"),
        Word("Тодоров", "todorov"),
        Word("Колев", "kolev"),
    ),
    titles=("Управител", "Маркетинг мениджър", "Търговски директор", "Снабдяване"),
    salutations=("г-жа", "г-н"),
    owners=("georgi.dimitrov",),
    territory="south-east",
    curated=9,
)

_ENGLISH_GIVEN = (
    ("Emily", "emily", "f"),
    ("Charlotte", "charlotte", "f"),
    ("Sophie", "sophie", "f"),
    ("Hannah", "hannah", "f"),
    ("James", "james", "m"),
    ("William", "william", "m"),
    ("Daniel", "daniel", "m"),
    ("Michael", "michael", "m"),
)
_ENGLISH_FAMILY = (
    Word("Smith", "smith"),
    Word("Johnson", "johnson"),
    Word("Taylor", "taylor"),
    Word("Davies", "davies"),
    Word("Evans", "evans"),
    Word("Miller", "miller"),
    Word("O'Connor", "oconnor"),
)
_ENGLISH_PREFIXES = (
    Word("Harbor", "harbor"),
    Word("Lakeside", "lakeside"),
    Word("Summit", "summit"),
    Word("Redwood", "redwood"),
    Word("Thornbury", "thornbury"),
    Word("Ashford", "ashford"),
    Word("Kingsley", "kingsley"),
)
_ENGLISH_SECTORS = (
    Word("Creative", "creative", "Advertising"),
    Word("Print", "print", "Printing"),
    Word("Logistics", "logistics", "Logistics"),
    Word("Software", "software", "Software"),
    Word("Foods", "foods", "Food and beverages"),
    Word("Events", "events", "Events"),
)
_ENGLISH_TITLES = ("Managing Director", "Head of Marketing", "Procurement Manager", "Sales Director")

UNITED_KINGDOM = Country(
    code="GB",
    language="en",
    currency="EUR",
    calling_code="44",
    tld="co.uk",
    legal_forms=("Ltd", "Ltd", "PLC"),
    cities=(
        City("London", "EC1A 1BB", "", "20", "79460", 3, ("Baker Street", "Old Street")),
        City("Manchester", "M1 1AE", "", "161", "4960", 3, ("Deansgate", "Portland Street")),
    ),
    mobiles=(("7412", 6), ("7723", 6)),
    prefixes=_ENGLISH_PREFIXES,
    sectors=_ENGLISH_SECTORS,
    given=_ENGLISH_GIVEN,
    family=_ENGLISH_FAMILY,
    titles=_ENGLISH_TITLES,
    salutations=("Ms", "Mr"),
    owners=("olivia.brown",),
    territory="",
    curated=5,
)

UNITED_STATES = Country(
    code="US",
    language="en",
    currency="USD",
    calling_code="1",
    tld="com",
    legal_forms=("Inc.", "Inc.", "LLC"),
    cities=(
        City("New York", "10001", "NY", "212", "5550", 3, ("Fifth Avenue", "Madison Avenue")),
        City("Chicago", "60601", "IL", "312", "5550", 3, ("Michigan Avenue", "Wacker Drive")),
    ),
    mobiles=(("646", 7),),
    prefixes=_ENGLISH_PREFIXES,
    sectors=_ENGLISH_SECTORS,
    given=_ENGLISH_GIVEN,
    family=_ENGLISH_FAMILY,
    titles=_ENGLISH_TITLES,
    salutations=("Ms", "Mr"),
    owners=("olivia.brown",),
    territory="",
    curated=5,
)

COUNTRIES = (GERMANY, ITALY, CHINA, BULGARIA, UNITED_KINGDOM, UNITED_STATES)
BY_CODE = {country.code: country for country in COUNTRIES}

SEGMENTS = ("Key account", "Agencies", "Trade fair exhibitors", "Food and drink")
KEY_ACCOUNT, AGENCIES, EXHIBITORS, FOOD = SEGMENTS
AGENCY_INDUSTRIES = {"Media", "Design", "Advertising", "Events", "Printing"}

# Groups: (country, parent's name, its web site, the name word its subsidiaries share).
PARENTS = (
    ("DE", "Müller Holding AG", "https://www.mueller-holding.de", "mueller"),
    ("IT", "Ferretti Group S.p.A.", "https://www.ferretti-group.it", "ferretti"),
    ("CN", "东方传媒集团股份有限公司", "https://www.dongfang-group.cn", "dongfang"),
)
