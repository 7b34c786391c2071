"""Demo press releases for the newsroom.

``RELEASES`` is a plain list of dicts (no Django imports) used to seed a development or demo
database. The first entry reproduces a real OSCE press release from 2004; the others are
fictional but written in the style of the OSCE's public newsroom. Structure, field-of-work and
meeting-type values are taxonomy slugs; countries are ISO 3166-1 alpha-2 codes. Bodies use only
the HTML tags allowed by the release body sanitizer.
"""

RELEASES = [
    {
        "slug": "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections",
        "release_type": "press_release",
        "title": "OSCE Chairman urges Kosovo Serbs to take part in October elections",
        "standfirst": (
            "The OSCE Chairman-in-Office urged Serbian Prime Minister Vojislav Kostunica to "
            "encourage Kosovo Serbs to participate in the Kosovo Assembly Elections."
        ),
        "date": "2004-09-23",
        "place": "NEW YORK",
        "sources": ["chairpersonship", "mission-in-kosovo"],
        "fields_of_work": ["elections"],
        "countries": ["RS"],
        "meeting_types": [],
        "tags": ["kosovo assembly elections"],
        "body": (
            "<p>NEW YORK, 23 September 2004 - The OSCE Chairman-in-Office, Bulgarian Foreign "
            "Minister Solomon Passy, urged Serbian Prime Minister Vojislav Kostunica on "
            "Wednesday to encourage Kosovo Serbs to participate in next month's Kosovo "
            "Assembly Elections.</p>\n"
            '<p>"It is essential that all sections of the community should be represented in '
            'the new parliament that will be elected on 23 October," the Chairman-in-Office '
            "said in a telephone call to Prime Minister Kostunica from New York, where "
            "Minister Passy is attending the United Nations General Assembly.</p>\n"
            '<p>"The international community is trying to do its best to support the '
            "democratic process in Kosovo. But maybe we can do even more. I hope the "
            "authorities in Belgrade will encourage Kosovo's Serbian population, in "
            "particular, not to boycott these elections, which would be "
            'counter-productive."</p>\n'
            "<p>The Chairman-in-Office said the OSCE remained fully committed to building a "
            "democratic, multi-ethnic Kosovo. The October elections were a vital part of this "
            "process and it was important that Serbian political representatives should launch "
            "their election campaigns in good time to mobilise their supporters.</p>\n"
            "<p>Minister Passy also discussed with the Prime Minister the measures that had "
            "been taken to improve security for all sections of the population following the "
            "upsurge in violence in March.</p>\n"
            '<p>"The concerns of the Serbian population about security and their '
            "representation in the political institutions of Kosovo are being energetically "
            'addressed by the international community and even more is going to be done," he '
            "said.</p>"
        ),
    },
    {
        "slug": "young-people-from-both-banks-of-the-dniester-nistru-mark-day-of-peace",
        "release_type": "news_item",
        "title": (
            "Young people from both banks of the Dniester/Nistru mark International Day of Peace"
        ),
        "standfirst": (
            "Forty young people from both banks of the Dniester/Nistru river presented the "
            "results of joint community projects carried out over the summer with the support "
            "of the OSCE Mission to Moldova."
        ),
        "date": "2012-09-21",
        "place": "CHISINAU",
        "sources": ["mission-to-moldova"],
        "fields_of_work": ["conflict-prevention-and-resolution", "youth"],
        "countries": ["MD"],
        "meeting_types": [],
        "tags": ["youth", "confidence-building"],
        "body": (
            "<p>CHISINAU, 21 September 2012 – Forty young people from both banks of the "
            "Dniester/Nistru river marked the International Day of Peace today by presenting "
            "the results of joint community projects they had carried out over the summer with "
            "the support of the OSCE Mission to Moldova.</p>\n"
            "<p>The projects, developed by mixed teams of students from Chisinau, Tiraspol, "
            "Bender and Comrat, included the renovation of a playground in a village in the "
            "Security Zone, a bilingual photo exhibition on the shared history of the region, "
            "and a series of football matches between teams from both sides of the river.</p>\n"
            '<p>"Most of these young people had never visited the other bank of the river '
            'before this year," said the Head of the OSCE Mission to Moldova. "Projects like '
            "these show that contacts between people, and especially between young people, are "
            "an essential part of building the confidence needed for a comprehensive "
            'settlement."</p>\n'
            "<p>Several of the teams have already agreed to continue working together during "
            "the school year, and two schools taking part in the programme have decided to "
            "organize regular exchange visits for their pupils and teachers.</p>\n"
            "<p>The activities are part of the Mission's confidence-building programme, which "
            "supports practical co-operation between Chisinau and Tiraspol in areas such as "
            "education, the environment, health and culture, and complements the negotiations "
            "on a comprehensive settlement in the 5+2 format.</p>"
        ),
    },
    {
        "slug": "osce-media-freedom-representative-welcomes-albanias-new-audiovisual-media-law",
        "release_type": "press_statement",
        "title": (
            "OSCE media freedom representative welcomes Albania's new audiovisual media law, "
            "calls for an independent regulator"
        ),
        "standfirst": (
            "The OSCE Representative on Freedom of the Media welcomed the adoption of "
            "Albania's new law on audiovisual media and called on the authorities to guarantee "
            "the full independence of the broadcasting regulator."
        ),
        "date": "2013-03-07",
        "place": "VIENNA",
        "sources": ["representative-on-freedom-of-the-media", "presence-in-albania"],
        "fields_of_work": ["media-freedom-and-development"],
        "countries": ["AL"],
        "meeting_types": [],
        "tags": ["media freedom", "broadcasting"],
        "body": (
            "<p>VIENNA, 7 March 2013 – The OSCE Representative on Freedom of the Media today "
            "welcomed the adoption by the Parliament of Albania of a new law on audiovisual "
            "media, which sets the framework for the country's transition from analogue to "
            "digital broadcasting and brings its legislation more closely into line with "
            "international standards.</p>\n"
            '<p>"The new law is an important step forward. It was prepared in an open '
            "process, with the participation of journalists, broadcasters and media experts, "
            'and many of the comments submitted by my Office have been taken into account," '
            'the Representative said. "I particularly welcome the provisions that strengthen '
            'editorial independence and the transparency of media ownership."</p>\n'
            "<p>The Representative stressed, however, that the success of the reform would "
            "depend on how the law is implemented, and above all on the independence of the "
            "regulatory authority that will oversee the sector.</p>\n"
            '<p>"The members of the regulator must be appointed through a transparent '
            "procedure that excludes political influence, and the body must have adequate "
            "resources to carry out its work. I call on all political parties to respect both "
            'the letter and the spirit of the law when the members are elected," the '
            "Representative said.</p>\n"
            "<p>The Office of the Representative, together with the OSCE Presence in Albania, "
            "provided a legal analysis of the draft law in 2012 and stands ready to continue "
            "assisting the authorities with its implementation, including the licensing of "
            "digital broadcasters and the protection of public service media.</p>"
        ),
    },
    {
        "slug": "osce-asian-conference-in-tokyo-discusses-cyber-security-and-connectivity",
        "release_type": "press_release",
        "title": "OSCE Asian Conference in Tokyo discusses cyber security and connectivity",
        "standfirst": (
            "Participants at the 2014 OSCE Asian Conference explored how the OSCE's experience "
            "with confidence-building measures could help to reduce the risk of conflict "
            "stemming from the use of information and communication technologies."
        ),
        "date": "2014-06-17",
        "place": "TOKYO",
        "sources": ["secretary-general"],
        "fields_of_work": ["cyberict-security", "economic-activities"],
        "countries": ["JP", "KR", "MN"],
        "meeting_types": ["annual-osce-asian-conferences"],
        "tags": ["asian partners", "cyber security"],
        "body": (
            "<p>TOKYO, 17 June 2014 – The 2014 OSCE Asian Conference, co-hosted by the "
            "Government of Japan and the OSCE, concluded today in Tokyo after two days of "
            "discussions on cyber security, connectivity and the relevance of the OSCE's "
            "experience for security in Asia.</p>\n"
            "<p>Participants from OSCE participating States and the Asian Partners for "
            "Co-operation – Afghanistan, Australia, Japan, the Republic of Korea and Thailand "
            "– examined how the first set of OSCE confidence-building measures to reduce the "
            "risks of conflict stemming from the use of information and communication "
            "technologies, adopted by the Permanent Council in December 2013, could serve as a "
            "reference for similar efforts in other regions.</p>\n"
            '<p>"The OSCE has shown that practical measures to increase transparency and '
            "communication between States can reduce the risk of misunderstanding and "
            'escalation, first in the military field and now in cyberspace," the OSCE '
            'Secretary General said in opening remarks. "We are keen to share this experience '
            'with our Asian Partners and to learn from theirs."</p>\n'
            "<p>Sessions also addressed the role of transport and trade connectivity in "
            "promoting economic development and stability between Europe and Asia, with "
            "speakers from Mongolia and Central Asia highlighting how simpler border crossing "
            "procedures could reduce costs and delays for traders.</p>\n"
            "<p>The Asian Conference is held annually, with the host rotating among the Asian "
            "Partners for Co-operation. Its conclusions are reported to the OSCE Permanent "
            "Council.</p>"
        ),
    },
    {
        "slug": "on-roma-day-osce-highlights-progress-in-civil-registration-in-serbia",
        "release_type": "news_item",
        "title": (
            "On International Roma Day, OSCE highlights progress in civil registration of Roma "
            "in Serbia"
        ),
        "standfirst": (
            "The OSCE Mission to Serbia and ODIHR marked International Roma Day by presenting "
            "the results of a joint project that has helped hundreds of Roma obtain birth "
            "certificates and identity documents."
        ),
        "date": "2015-04-08",
        "place": "BELGRADE",
        "sources": ["mission-to-serbia", "office-for-democratic-institutions-and-human-rights"],
        "fields_of_work": ["roma-and-sinti", "human-rights"],
        "countries": ["RS"],
        "meeting_types": [],
        "tags": ["roma inclusion", "civil registration"],
        "body": (
            "<p>BELGRADE, 8 April 2015 – To mark International Roma Day, the OSCE Mission to "
            "Serbia and the OSCE Office for Democratic Institutions and Human Rights (ODIHR) "
            "today presented the results of a joint project that has helped more than 700 Roma "
            "in Serbia obtain birth certificates, identity cards and other personal documents "
            "since 2013.</p>\n"
            "<p>Without documents, people cannot register for health insurance, enrol their "
            "children in school, apply for social assistance or register as unemployed. Those "
            "most affected include Roma living in informal settlements and people displaced "
            "from Kosovo, many of whom were never registered at birth.</p>\n"
            "<p>Working with local Roma co-ordinators, free legal aid providers and municipal "
            "registry offices, the project provided legal counselling and assistance with the "
            "procedures for subsequent birth registration, which were simplified following "
            "amendments to the law in 2012.</p>\n"
            '<p>"Everyone has the right to be recognized as a person before the law. Behind '
            "every number in this project is a family that can now gain access to the services "
            'to which it is entitled," said the Head of the OSCE Mission to Serbia. The ODIHR '
            "Director added that the initiative showed how the OSCE Action Plan on Improving "
            "the Situation of Roma and Sinti could be translated into concrete results at the "
            "local level.</p>\n"
            "<p>The Mission and ODIHR called on the authorities to continue simplifying "
            "procedures, to ensure the immediate registration of all newborns irrespective of "
            "their parents' documentation, and to support the work of Roma co-ordinators in "
            "municipalities across Serbia.</p>"
        ),
    },
    {
        "slug": "osce-mediterranean-conference-in-palermo-addresses-migration-and-economic-ties",
        "release_type": "press_release",
        "title": (
            "OSCE Mediterranean Conference in Palermo addresses migration and economic co-operation"
        ),
        "standfirst": (
            "Representatives of OSCE participating States and the Mediterranean Partners for "
            "Co-operation discussed how to manage large movements of migrants and refugees and "
            "how to create economic opportunities for young people on both shores of the "
            "Mediterranean."
        ),
        "date": "2017-10-25",
        "place": "PALERMO",
        "sources": ["secretariat"],
        "fields_of_work": ["migration", "economic-activities"],
        "countries": ["JO", "TN", "IT"],
        "meeting_types": ["annual-osce-mediterranean-conferences"],
        "tags": ["mediterranean partners", "migration"],
        "body": (
            "<p>PALERMO, 25 October 2017 – The 2017 OSCE Mediterranean Conference concluded "
            "today in Palermo, with participants from OSCE participating States and the six "
            "Mediterranean Partners for Co-operation – Algeria, Egypt, Israel, Jordan, Morocco "
            "and Tunisia – calling for closer co-operation in managing large movements of "
            "migrants and refugees.</p>\n"
            "<p>The two-day conference, hosted by the Italian OSCE Chairmanship, focused on "
            "migration, the prevention of violent extremism and radicalization that lead to "
            "terrorism among young people, and economic co-operation as a driver of stability "
            "in the Mediterranean region.</p>\n"
            "<p>Speakers from Jordan and Tunisia described the pressures placed on public "
            "services and labour markets by the arrival of large numbers of refugees, and the "
            "measures their countries have taken to provide access to education and "
            "employment. Participants agreed that creating economic opportunities for young "
            "people on both shores of the Mediterranean was essential to reducing irregular "
            "migration and the risk of exploitation by smugglers and traffickers.</p>\n"
            '<p>"The security of Europe is inseparable from the security of the '
            'Mediterranean. This is not a slogan but a reality that we see every day," said a '
            "senior representative of the OSCE Secretariat. \"The OSCE's experience in border "
            "management, combating trafficking and promoting economic connectivity can be of "
            'real value to our Partners, and we have much to learn from them in turn."</p>\n'
            "<p>The conclusions of the conference will be presented to the OSCE Ministerial "
            "Council in Vienna in December.</p>"
        ),
    },
    {
        "slug": "students-from-mostar-schools-debate-their-shared-future",
        "release_type": "news_item",
        "title": "Students from Mostar schools debate their shared future",
        "standfirst": (
            "Secondary school students from Mostar who attend classes under different "
            "curricula came together for a day of debates, workshops and sport organized by "
            "the OSCE Mission to Bosnia and Herzegovina."
        ),
        "date": "2018-05-24",
        "place": "MOSTAR",
        "sources": ["mission-to-bosnia-and-herzegovina"],
        "fields_of_work": ["education", "youth", "tolerance-and-non-discrimination"],
        "countries": ["BA"],
        "meeting_types": [],
        "tags": ["youth", "education"],
        "body": (
            "<p>MOSTAR, 24 May 2018 – More than 120 secondary school students from Mostar, who "
            "attend classes under different curricula and often in separate shifts, today took "
            "part in a day of debates, creative workshops and sport organized by the OSCE "
            "Mission to Bosnia and Herzegovina.</p>\n"
            "<p>Working in mixed teams, the students debated questions they had chosen "
            "themselves, including how young people could be encouraged to stay in the "
            "country, what role social media plays in spreading prejudice, and how their "
            "schools could work together more closely. In the afternoon the teams competed in "
            "a basketball tournament and presented photographs and short films made during "
            "joint activities over the school year.</p>\n"
            '<p>"Many of these students pass each other every day in the same building '
            "without ever speaking,\" said the head of the OSCE Mission's field office in "
            'Mostar. "Today they showed that they have far more in common than what divides '
            "them, and that they want an education system that prepares them for a shared "
            'future."</p>\n'
            "<p>The event is part of the Mission's long-standing efforts to promote inclusive, "
            "non-discriminatory education in Bosnia and Herzegovina, including by supporting "
            "student councils and joint extracurricular activities, and by advocating an end "
            'to the practice of <em>"two schools under one roof"</em>.</p>\n'
            "<p>The Mission calls on the education authorities to take concrete steps towards "
            "integrated schools, in line with the recommendations of international and "
            "domestic human rights bodies.</p>"
        ),
    },
    {
        "slug": "anti-trafficking-conference-focuses-on-people-fleeing-war-in-ukraine",
        "release_type": "press_release",
        "title": (
            "Alliance against Trafficking in Persons conference focuses on risks facing people "
            "fleeing the war in Ukraine"
        ),
        "standfirst": (
            "Anti-trafficking experts, government officials and civil society representatives "
            "met in Vienna to discuss how to prevent the exploitation of people, most of them "
            "women and children, who have fled the war in Ukraine."
        ),
        "date": "2022-04-05",
        "place": "VIENNA",
        "sources": [
            "office-of-the-special-representative-and-co-ordinator-for-combating-trafficking-in-human-beings"
        ],
        "fields_of_work": ["combating-trafficking-in-human-beings", "migration", "gender-equality"],
        "countries": ["UA", "PL", "MD"],
        "meeting_types": ["conference-of-the-alliance-against-trafficking-in-persons"],
        "tags": ["human trafficking", "refugees"],
        "body": (
            "<p>VIENNA, 5 April 2022 – More than 400 participants from governments, "
            "international organizations and civil society took part today in the annual "
            "conference of the Alliance against Trafficking in Persons, which this year "
            "focused on preventing the exploitation of people fleeing the war in Ukraine.</p>\n"
            "<p>Opening the conference, the OSCE Special Representative and Co-ordinator for "
            "Combating Trafficking in Human Beings warned that the scale and speed of "
            "displacement had created conditions that traffickers were quick to exploit. Most "
            "of those who have left Ukraine are women and children, many travelling alone and "
            "without reliable information about where they can find safe accommodation, work "
            "or legal advice.</p>\n"
            "<p>Speakers from Poland and Moldova, which have received large numbers of "
            "refugees, described measures taken at border crossings and reception centres, "
            "including the registration of volunteers offering transport and housing, hotlines "
            "operating in Ukrainian and Russian, and information campaigns aimed at new "
            "arrivals. Participants also discussed the growing risk of online recruitment "
            "through fraudulent job advertisements.</p>\n"
            "<p>Participants identified several priorities for immediate action:</p>\n"
            "<ul><li>systematic screening and referral of potential victims at border "
            "crossings and reception centres;</li><li>vetting of private individuals and "
            "organizations offering accommodation, transport and employment;</li><li>targeted "
            "information for refugees in languages they understand, including on their rights "
            "as workers;</li><li>closer co-operation between law enforcement agencies and "
            "online platforms to detect exploitative advertisements.</li></ul>\n"
            "<p>The Office of the Special Representative will continue to support "
            "participating States with expert advice and training, and has deployed experts to "
            "countries neighbouring Ukraine to assess needs on the ground.</p>"
        ),
    },
    {
        "slug": "odihr-opens-observation-mission-for-early-parliamentary-elections-in-montenegro",
        "release_type": "press_release",
        "title": (
            "ODIHR opens election observation mission for early parliamentary elections in "
            "Montenegro"
        ),
        "standfirst": (
            "The OSCE Office for Democratic Institutions and Human Rights has deployed an "
            "election observation mission to Montenegro, following an invitation from the "
            "authorities to observe the 11 June early parliamentary elections."
        ),
        "date": "2023-04-20",
        "place": "WARSAW",
        "sources": ["office-for-democratic-institutions-and-human-rights"],
        "fields_of_work": ["elections"],
        "countries": ["ME"],
        "meeting_types": [],
        "tags": ["election observation", "parliamentary elections"],
        "body": (
            "<p>WARSAW, 20 April 2023 – The OSCE Office for Democratic Institutions and Human "
            "Rights (ODIHR) today opened an election observation mission for the 11 June early "
            "parliamentary elections in Montenegro, following an invitation from the national "
            "authorities.</p>\n"
            "<p>The mission consists of a core team of 11 international experts based in "
            "Podgorica and 20 long-term observers, who will be deployed throughout the country "
            "from early May. ODIHR will request that OSCE participating States second 200 "
            "short-term observers to follow election day procedures, including voting, the "
            "counting of votes and the tabulation of results.</p>\n"
            "<p>The mission will assess the elections for their compliance with OSCE "
            "commitments and other international obligations and standards for democratic "
            "elections, as well as with national legislation. Observers will follow the work "
            "of the election administration, the legal framework and its implementation, "
            "campaign activities, the conduct of the media and the resolution of election "
            "disputes. The mission will also look at the participation of women and of "
            "national minorities in the electoral process.</p>\n"
            "<p>Meetings are planned with representatives of state authorities, political "
            "parties, civil society and the media, as well as with the international "
            "community.</p>\n"
            "<p>The day after the elections, ODIHR will issue a statement of preliminary "
            "findings and conclusions at a press conference in Podgorica. A final report "
            "assessing the entire electoral process and offering recommendations for its "
            "improvement will be published approximately eight weeks after the end of the "
            "process. More information is available on the <a "
            'href="https://www.osce.org/odihr/elections">ODIHR elections pages</a>.</p>'
        ),
    },
    {
        "slug": "osce-training-in-antalya-strengthens-detection-of-fraudulent-travel-documents",
        "release_type": "press_release",
        "title": "OSCE training in Antalya strengthens detection of fraudulent travel documents",
        "standfirst": (
            "Border and migration officials from six OSCE participating States improved their "
            "skills in identifying forged and fraudulently obtained travel documents at a "
            "course co-organized with Türkiye's Ministry of Interior."
        ),
        "date": "2023-10-19",
        "place": "ANTALYA",
        "sources": ["transnational-threats-department"],
        "fields_of_work": ["border-management", "countering-terrorism"],
        "countries": ["TR", "GE", "AZ"],
        "meeting_types": [],
        "tags": ["border security", "travel document security"],
        "body": (
            "<p>ANTALYA, 19 October 2023 – Twenty-four border police, migration and consular "
            "officials from Azerbaijan, Georgia, Kyrgyzstan, Tajikistan, Türkiye and "
            "Uzbekistan today completed a five-day course on detecting fraudulent travel "
            "documents, organized by the OSCE Transnational Threats Department in co-operation "
            "with the Presidency of Migration Management of Türkiye's Ministry of "
            "Interior.</p>\n"
            "<p>The course combined classroom sessions with practical exercises using document "
            "examination equipment. Participants learned to identify counterfeit security "
            "features, to detect impostors travelling on genuine documents, and to make "
            "effective use of international databases of stolen and lost travel documents at "
            "border crossing points.</p>\n"
            '<p>"Fraudulent travel documents remain one of the main tools used by foreign '
            "terrorist fighters, organized criminal groups and traffickers to cross borders "
            'undetected," said a representative of the Border Security and Management Unit of '
            'the Transnational Threats Department. "Front-line officers are the first, and '
            "often the only, line of defence, and regional co-operation between them is "
            'essential."</p>\n'
            "<p>A representative of the host institution said that Türkiye was pleased to "
            "share its experience in managing one of the busiest migration routes in the OSCE "
            "region, and expressed the hope that contacts established during the course would "
            "lead to closer operational co-operation between the participating services.</p>\n"
            "<p>The course is part of the OSCE's wider efforts to support participating States "
            "in implementing their commitments on travel document security and United Nations "
            "Security Council resolution 2396 (2017) on foreign terrorist fighters.</p>"
        ),
    },
    {
        "slug": "north-macedonia-elections-competitive-and-well-run-say-international-observers",
        "release_type": "press_release",
        "title": (
            "North Macedonia's elections competitive and well run, but campaign finance "
            "oversight needs strengthening, international observers say"
        ),
        "standfirst": (
            "Parliamentary elections and the second round of the presidential election in "
            "North Macedonia offered voters a genuine choice and fundamental freedoms were "
            "respected, international observers concluded in a statement released today."
        ),
        "date": "2024-05-09",
        "place": "SKOPJE",
        "sources": [
            "office-for-democratic-institutions-and-human-rights",
            "parliamentary-assembly",
        ],
        "fields_of_work": ["elections", "gender-equality"],
        "countries": ["MK"],
        "meeting_types": [],
        "tags": ["election observation", "campaign finance"],
        "body": (
            "<p>SKOPJE, 9 May 2024 – The parliamentary elections and the second round of the "
            "presidential election held yesterday in North Macedonia were competitive and "
            "fundamental freedoms were generally respected, international observers said in a "
            "statement issued today. Contestants were able to campaign freely, but the "
            "oversight of campaign finance remained weak and the misuse of administrative "
            "resources blurred the line between state and party, the observers concluded.</p>\n"
            "<p>The election administration managed the process efficiently and enjoyed the "
            "overall confidence of contestants. Voters had access to a wide range of "
            "information, although much of the coverage in the media consisted of paid "
            "political advertising rather than independent analysis, which limited the ability "
            "of voters to make an informed choice.</p>\n"
            '<blockquote><p>"Citizens turned out in a calm and orderly atmosphere and '
            "procedures were largely followed, which is a credit to the thousands of election "
            'workers across the country," said the Special Co-ordinator who led the '
            'short-term OSCE observers. "What is now needed is the political will to close '
            "the gaps in campaign finance oversight that we and others have pointed to over "
            'several electoral cycles."</p></blockquote>\n'
            "<p>Women remain under-represented in leadership positions within political "
            "parties, even though the legal quota ensured that candidate lists included a "
            "substantial share of women. Few women headed candidate lists, and the campaign "
            "rarely addressed issues of specific concern to women voters.</p>\n"
            "<p>The international election observation mission deployed 312 observers from 41 "
            "countries, including 240 long- and short-term observers deployed by ODIHR and 72 "
            "parliamentarians and staff from the OSCE Parliamentary Assembly. ODIHR will "
            "publish its final report, including recommendations, approximately eight weeks "
            "after the completion of the electoral process.</p>"
        ),
    },
    {
        "slug": "high-commissioner-on-national-minorities-concludes-visit-to-kazakhstan",
        "release_type": "press_release",
        "title": (
            "High Commissioner on National Minorities concludes visit to Kazakhstan, commends "
            "progress on multilingual education"
        ),
        "standfirst": (
            "The OSCE High Commissioner on National Minorities welcomed Kazakhstan's "
            "commitment to multilingual education and encouraged the authorities to involve "
            "minority communities closely in the implementation of language policy."
        ),
        "date": "2025-06-12",
        "place": "ASTANA",
        "sources": ["high-commissioner-on-national-minorities", "programme-office-in-astana"],
        "fields_of_work": ["national-minority-issues", "education"],
        "countries": ["KZ"],
        "meeting_types": [],
        "tags": ["multilingual education", "national minorities"],
        "body": (
            "<p>ASTANA, 12 June 2025 – The OSCE High Commissioner on National Minorities today "
            "concluded a four-day visit to Kazakhstan, during which the High Commissioner "
            "discussed language policy, education and the integration of diverse societies "
            "with senior government officials, members of Parliament, representatives of the "
            "Assembly of the People of Kazakhstan and civil society.</p>\n"
            "<p>The High Commissioner commended Kazakhstan's long-standing efforts to promote "
            "a shared civic identity while supporting the languages and cultures of the many "
            "communities living in the country. During a visit to schools in the Turkistan "
            "region that teach in Kazakh, Russian and Uzbek, the High Commissioner observed "
            "the practical results of the multilingual education programme and spoke with "
            "teachers about the challenges of preparing teaching materials and training "
            "staff.</p>\n"
            '<p>"Multilingual education is one of the most effective investments a State can '
            'make in the cohesion of its society," the High Commissioner said. "It works '
            "best when parents, teachers and minority communities are treated as partners from "
            "the start, and when the teaching of the State language goes hand in hand with "
            'support for mother-tongue education."</p>\n'
            "<p>The High Commissioner encouraged the authorities to draw on the <a "
            'href="https://www.osce.org/hcnm">thematic recommendations and guidelines of the '
            "High Commissioner</a>, including the Ljubljana Guidelines on Integration of "
            "Diverse Societies, as the country continues to review its language and education "
            "legislation.</p>\n"
            "<p>The visit was organized with the support of the OSCE Programme Office in "
            "Astana, which has co-operated with the Ministry of Education on in-service "
            "teacher training for multilingual classrooms since 2019. The High Commissioner "
            "intends to continue the dialogue with the authorities and to return to the "
            "country next year.</p>"
        ),
    },
    {
        "slug": "osce-supported-media-literacy-workshop-for-journalism-students-in-tashkent",
        "release_type": "news_item",
        "title": (
            "OSCE-supported workshop «Медиаграмотность в цифровую эпоху» brings together "
            "journalism students in Tashkent"
        ),
        "standfirst": (
            "Thirty journalism students from five Uzbek cities took part in a three-day "
            "workshop on media literacy, fact-checking and professional ethics organized by "
            "the OSCE Project Co-ordinator in Uzbekistan."
        ),
        "date": "2025-10-02",
        "place": "TASHKENT",
        "sources": ["project-co-ordinator-in-uzbekistan"],
        "fields_of_work": ["media-freedom-and-development", "education"],
        "countries": ["UZ"],
        "meeting_types": [],
        "tags": ["media freedom", "media literacy"],
        "body": (
            "<p>TASHKENT, 2 October 2025 – Thirty journalism students from universities in "
            "Tashkent, Samarkand, Bukhara, Nukus and Fergana today completed a three-day "
            'workshop entitled <em>«Медиаграмотность в цифровую эпоху»</em> ("Media literacy '
            'in the digital age"), organized by the OSCE Project Co-ordinator in Uzbekistan '
            "together with a national university of journalism.</p>\n"
            "<p>Led by media trainers from Uzbekistan, Kazakhstan and Georgia, the workshop "
            "introduced participants to practical techniques for verifying online content, "
            "recognizing manipulated images and video, and reporting responsibly on sensitive "
            "topics. Sessions were held in Uzbek and Russian, and participants worked in small "
            "teams to fact-check claims circulating on popular messaging channels.</p>\n"
            '<p>"Young journalists will shape the information environment of the coming '
            'decades," said a representative of the OSCE Project Co-ordinator. "Giving them '
            "the skills to separate facts from fabrication, and the confidence to explain "
            "their methods to their audiences, is one of the best ways to strengthen trust in "
            'professional journalism and to protect freedom of expression."</p>\n'
            "<p>On the final day, the students presented short multimedia projects on topics "
            "including online fraud targeting older people, health misinformation and the "
            "protection of personal data. The best projects will be published on the "
            "university's website and shared with regional media outlets.</p>\n"
            "<p>The workshop is part of a long-term project to support media development and "
            "freedom of expression in Uzbekistan, which also includes training for journalists "
            "and for the press secretaries of state bodies, as well as expert assistance with "
            "the review of media legislation.</p>"
        ),
    },
    {
        "slug": "osce-mission-in-kosovo-condemns-desecration-of-orthodox-cemetery",
        "release_type": "press_statement",
        "title": "OSCE Mission in Kosovo condemns desecration of Orthodox cemetery",
        "standfirst": (
            "The OSCE Mission in Kosovo strongly condemned the desecration of gravestones in "
            "an Orthodox cemetery and called on the relevant institutions to investigate the "
            "incident promptly and bring those responsible to justice."
        ),
        "date": "2025-11-17",
        "place": "PRISTINA",
        "sources": ["mission-in-kosovo"],
        "fields_of_work": ["tolerance-and-non-discrimination", "rule-of-law", "human-rights"],
        "countries": [],
        "meeting_types": [],
        "tags": ["hate crimes", "cultural heritage"],
        "body": (
            "<p>PRISTINA, 17 November 2025 – The OSCE Mission in Kosovo strongly condemns the "
            "desecration of more than a dozen gravestones in an Orthodox cemetery in a village "
            "in the Pristina region, which was reported to the Kosovo Police over the "
            "weekend.</p>\n"
            '<p>"Attacks on cemeteries and religious sites are deeply hurtful to the '
            "communities concerned and undermine the efforts of all those working to build "
            'trust between communities in Kosovo," the Head of the OSCE Mission in Kosovo '
            'said. "Such acts must not go unpunished."</p>\n'
            "<p>The Mission welcomes the swift response of the Kosovo Police and calls on the "
            "relevant institutions to conduct a thorough investigation, to consider a possible "
            "bias motivation from the outset, and to bring those responsible to justice. The "
            "Mission also encourages political, community and religious leaders to condemn the "
            "incident publicly and unequivocally.</p>\n"
            "<p>The Mission's monitoring of the justice system shows that incidents affecting "
            "religious and cultural heritage sites too often remain unresolved, or are not "
            "prosecuted as hate-motivated offences even when there are clear indications of "
            "bias. In its most recent report on the handling of hate crimes, the Mission "
            "recommended specialized training for police officers, prosecutors and judges, and "
            "the systematic recording of bias indicators in case files.</p>\n"
            "<p>The Mission will continue to monitor the case and to support the institutions "
            "in responding effectively to incidents that affect the safety and rights of all "
            "communities.</p>"
        ),
    },
    {
        "slug": "swiss-chairpersonship-presents-its-priorities-to-osce-permanent-council",
        "release_type": "press_release",
        "title": "Swiss Chairpersonship presents its priorities to the OSCE Permanent Council",
        "standfirst": (
            "Presenting the priorities of Switzerland's 2026 OSCE Chairpersonship, the "
            "Chairperson-in-Office pledged to keep channels of dialogue open, to address the "
            "consequences of the war against Ukraine and to strengthen the Organization's "
            "ability to act."
        ),
        "date": "2026-01-15",
        "place": "VIENNA",
        "sources": ["chairpersonship"],
        "fields_of_work": ["conflict-prevention-and-resolution", "arms-control"],
        "countries": ["CH", "UA"],
        "meeting_types": ["plenary-meetings-of-the-permanent-council"],
        "tags": ["chairpersonship priorities", "dialogue"],
        "body": (
            "<p>VIENNA, 15 January 2026 – The OSCE Chairperson-in-Office, the Head of the "
            "Swiss Federal Department of Foreign Affairs, today presented the priorities of "
            "Switzerland's 2026 OSCE Chairpersonship to the Permanent Council in Vienna, "
            "pledging to work for a return to dialogue and to the principles on which the "
            "Organization was founded.</p>\n"
            '<p>"More than fifty years after the Helsinki Final Act, the principles we agreed '
            "on together are being violated, but they have not lost their value. They remain "
            'the best basis we have for security in Europe," the Chairperson-in-Office said. '
            '"Switzerland will use its Chairpersonship to keep channels of communication '
            "open, to support those who suffer the consequences of conflict, and to make sure "
            'that the OSCE remains able to act."</p>\n'
            "<p>The Chairperson-in-Office said that the war against Ukraine and its "
            "consequences for the people of Ukraine and the wider region would remain at the "
            "centre of the Chairpersonship's attention, including through support for OSCE "
            "projects on humanitarian demining and the protection of civilians.</p>\n"
            "<p>Other priorities outlined for the year include:</p>\n"
            "<ul><li>reinforcing military transparency and risk-reduction mechanisms, "
            "including the implementation of the Vienna Document;</li><li>addressing the "
            "security implications of new technologies, from cyber threats to artificial "
            "intelligence;</li><li>strengthening the OSCE's support to mediation and dialogue "
            "in protracted conflicts;</li><li>securing a sustainable budget and stable "
            "leadership for the Organization and its institutions.</li></ul>\n"
            "<p>The Chairpersonship year will conclude with the meeting of the OSCE "
            "Ministerial Council, to be held in Switzerland in December.</p>\n"
            "<p>After the meeting, the Chairperson-in-Office announced that the first visits "
            "of the year would take the Chairpersonship to Kyiv and to the capitals of the "
            "South Caucasus in February.</p>"
        ),
        # A major change after its German translation was made: that translation is
        # left out of date on purpose (the French one was made after the change).
        "changed": "2026-01-16T11:00:00",
        "change_note": "Added the Chairperson-in-Office's announcement of the first visits.",
    },
    {
        "slug": "osce-conference-highlights-womens-role-in-conflict-prevention-and-mediation",
        "release_type": "press_release",
        "title": "OSCE conference highlights women's role in conflict prevention and mediation",
        "standfirst": (
            "Participants at an OSCE gender equality conference in Vienna called for concrete "
            "measures to increase the number of women involved in conflict prevention, "
            "mediation and peace processes across the OSCE region."
        ),
        "date": "2026-03-06",
        "place": "VIENNA",
        "sources": ["gender-issues-programme", "conflict-prevention-centre"],
        "fields_of_work": ["gender-equality", "conflict-prevention-and-resolution"],
        "countries": ["FI", "AT"],
        "meeting_types": ["gender-equality-conferences"],
        "tags": ["women peace and security", "mediation"],
        "body": (
            "<p>VIENNA, 6 March 2026 – Women remain significantly under-represented in "
            "conflict prevention, mediation and peace processes across the OSCE region, "
            "participants at a two-day OSCE gender equality conference concluded today in "
            "Vienna, calling for concrete and measurable steps to change this.</p>\n"
            "<p>Organized by the Gender Issues Programme of the OSCE Secretariat with the "
            "support of Finland and Austria, the conference brought together more than 200 "
            "representatives of governments, women mediators' networks, civil society and "
            "academia ahead of International Women's Day. Discussions drew on the experience "
            "of women mediators working at the local level, who are often the first to notice "
            "rising tensions within and between communities.</p>\n"
            '<p>"Peace agreements negotiated with the participation of women are more likely '
            'to last. This is not a matter of opinion; it is borne out by the evidence," the '
            'OSCE Secretary General said in opening remarks. "Our task is to move from '
            "recognizing this to acting on it, in our own work and in the support we offer to "
            'participating States."</p>\n'
            "<p>Experts from the Conflict Prevention Centre presented the OSCE's practical "
            "guidance on the inclusion of women in peace processes, and participants discussed "
            "how national action plans on women, peace and security could be better resourced "
            "and monitored. Several speakers stressed the need to protect women peacebuilders "
            "from online harassment and threats.</p>\n"
            "<p>The conclusions of the conference will feed into the next progress report on "
            "the implementation of the 2004 OSCE Action Plan for the Promotion of Gender "
            "Equality.</p>"
        ),
    },
    {
        "slug": "young-people-present-ideas-on-climate-and-security-on-international-youth-day",
        "release_type": "news_item",
        "title": (
            "Young people from across the OSCE region present ideas on climate and security on "
            "International Youth Day"
        ),
        "standfirst": (
            "Twenty young people selected through an open call presented their proposals on "
            "the security implications of climate change to diplomats at the OSCE Secretariat "
            "in Vienna."
        ),
        "date": "2026-08-12",
        "place": "VIENNA",
        "sources": [
            "opportunities-for-youth",
            "office-of-the-co-ordinator-of-osce-economic-and-environmental-activities",
        ],
        "fields_of_work": ["youth", "environmental-activities"],
        "countries": [],
        "meeting_types": [],
        "tags": ["youth", "climate change"],
        "body": (
            "<p>VIENNA, 12 August 2026 – To mark International Youth Day, twenty young people "
            "from across the OSCE region today presented proposals on how to address the "
            "security implications of climate change to representatives of participating "
            "States at the OSCE Secretariat in Vienna.</p>\n"
            "<p>The participants, aged between 18 and 30, were selected through an open call "
            "that attracted more than 900 applications. Over the past four months they worked "
            "in small teams with mentors from the Office of the Co-ordinator of OSCE Economic "
            "and Environmental Activities, developing ideas on topics including water "
            "management in shared river basins, early warning of wildfires and floods, and the "
            "inclusion of young people in local climate adaptation planning.</p>\n"
            '<p>"Young people are not only the generation that will live longest with the '
            "consequences of climate change; they are also among the most creative in finding "
            "solutions,\" said a representative of the Secretariat's Opportunities for Youth "
            'team. "We want their ideas to be heard in the rooms where decisions are '
            'made."</p>\n'
            "<p>Following the presentations, participants took part in a discussion with "
            "ambassadors and senior staff on how the OSCE could involve young people more "
            "systematically in its work on environmental co-operation. The teams' proposals "
            "will be compiled in a publication to be launched later this year.</p>"
        ),
    },
]

# A field operation's release published in Russian only: no English version exists.
RELEASES.append(
    {
        "slug": "v-oshe-pri-podderzhke-obse-obsudili-uchastie-obshchestvennosti-v-ekologii",
        "language": "ru",
        "release_type": "news_item",
        "title": "В Оше при поддержке ОБСЕ обсудили участие общественности в решении "
        "экологических вопросов",
        "standfirst": (
            "Представители местных органов власти, гражданского общества и молодёжи южных "
            "областей Кыргызстана обсудили, как сделать принятие решений по охране "
            "окружающей среды более открытым."
        ),
        "date": "2025-10-08",
        "place": "ОШ",
        "sources": ["programme-office-in-bishkek"],
        "fields_of_work": ["environmental-activities", "good-governance", "youth"],
        "countries": ["KG"],
        "meeting_types": [],
        "tags": ["aarhus centres"],
        "body": (
            "<p>ОШ, 8 октября 2025 года – Более шестидесяти представителей местных органов "
            "власти, гражданского общества, учебных заведений и молодёжных организаций "
            "Ошской, Джалал-Абадской и Баткенской областей приняли участие в региональном "
            "форуме об участии общественности в решении экологических вопросов, "
            "организованном Программным офисом ОБСЕ в Бишкеке совместно с Орхусским центром "
            "в Оше.</p>\n"
            "<p>Участники обсудили доступ к экологической информации, проведение "
            "общественных слушаний по проектам, затрагивающим водные ресурсы и пастбища, а "
            "также роль местных сообществ в снижении риска стихийных бедствий, таких как сели "
            "и оползни.</p>\n"
            "<p>«Решения, принятые вместе с жителями, выполняются лучше и дольше, – отметил "
            "руководитель Программного офиса ОБСЕ в Бишкеке. – Открытый диалог между "
            "властями и обществом по вопросам окружающей среды укрепляет доверие и "
            "способствует безопасности в регионе».</p>\n"
            "<p>На практических занятиях молодые участники подготовили предложения по "
            "наблюдению за качеством воды и раздельному сбору отходов в своих сёлах. Лучшие "
            "из них Орхусский центр поддержит небольшими грантами в следующем году.</p>\n"
            "<p>Форум стал частью многолетней поддержки, которую ОБСЕ оказывает сети "
            "Орхусских центров в Кыргызстане.</p>"
        ),
    }
)

# Translations of demo releases, written for this project. Each is a release of its own
# (title, slug, text, place, image caption and alternative text, publication) linked to
# its original by the original's slug; it shares the original's sources, fields of work,
# countries, meeting types, tags and date. "published": when the translation went live.
TRANSLATIONS = [
    {
        "original": "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections",
        "language": "ru",
        "slug": "predsedatel-obse-prizyvaet-kosovskikh-serbov-prinyat-uchastie-v-vyborakh",
        "published": "2004-09-23T12:00:00",
        "title": "Председатель ОБСЕ призывает косовских сербов принять участие в октябрьских "
        "выборах",
        "standfirst": (
            "Действующий председатель ОБСЕ призвал премьер-министра Сербии Воислава "
            "Коштуницу побудить косовских сербов принять участие в выборах в Скупщину Косово."
        ),
        "place": "НЬЮ-ЙОРК",
        "body": (
            "<p>НЬЮ-ЙОРК, 23 сентября 2004 года – Действующий председатель ОБСЕ, министр "
            "иностранных дел Болгарии Соломон Паси, в среду призвал премьер-министра Сербии "
            "Воислава Коштуницу побудить косовских сербов принять участие в выборах в "
            "Скупщину Косово, которые состоятся в следующем месяце.</p>\n"
            "<p>«Крайне важно, чтобы все слои общества были представлены в новом парламенте, "
            "который будет избран 23 октября», – сказал Действующий председатель в "
            "телефонном разговоре с премьер-министром Коштуницей из Нью-Йорка, где министр "
            "Паси участвует в работе Генеральной Ассамблеи Организации Объединённых "
            "Наций.</p>\n"
            "<p>«Международное сообщество делает всё возможное, чтобы поддержать "
            "демократический процесс в Косово. Но, возможно, мы можем сделать ещё больше. Я "
            "надеюсь, что власти в Белграде призовут сербское население Косово не "
            "бойкотировать эти выборы, что было бы контрпродуктивно».</p>\n"
            "<p>Действующий председатель заявил, что ОБСЕ по-прежнему полностью привержена "
            "построению демократического, многоэтничного Косово. Октябрьские выборы – "
            "важнейшая часть этого процесса, и важно, чтобы сербские политические "
            "представители своевременно начали избирательные кампании и мобилизовали своих "
            "сторонников.</p>\n"
            "<p>Министр Паси также обсудил с премьер-министром меры, принятые для повышения "
            "безопасности всех слоёв населения после вспышки насилия в марте.</p>\n"
            "<p>«Международное сообщество энергично занимается проблемами, которые "
            "беспокоят сербское население, – его безопасностью и представительством в "
            "политических институтах Косово, – и будет сделано ещё больше», – сказал он.</p>"
        ),
    },
    {
        "original": "young-people-from-both-banks-of-the-dniester-nistru-mark-day-of-peace",
        "language": "ru",
        "slug": "molodezh-s-oboikh-beregov-dnestra-otmetila-mezhdunarodnyj-den-mira",
        "published": "2012-09-21T15:00:00",
        "title": "Молодёжь с обоих берегов Днестра отметила Международный день мира",
        "standfirst": (
            "Сорок молодых людей с обоих берегов Днестра представили результаты совместных "
            "общественных проектов, осуществлённых летом при поддержке Миссии ОБСЕ в "
            "Молдове."
        ),
        "place": "КИШИНЁВ",
        "image_caption": "Участники на открытии встречи.",
        "image_alt": "Участники на открытии встречи",
        "body": (
            "<p>КИШИНЁВ, 21 сентября 2012 года – Сорок молодых людей с обоих берегов Днестра "
            "отметили сегодня Международный день мира, представив результаты совместных "
            "общественных проектов, которые они осуществили летом при поддержке Миссии ОБСЕ "
            "в Молдове.</p>\n"
            "<p>Проекты, подготовленные смешанными командами студентов из Кишинёва, "
            "Тирасполя, Бендер и Комрата, включали ремонт детской площадки в одном из сёл "
            "Зоны безопасности, двуязычную фотовыставку об общей истории региона и серию "
            "футбольных матчей между командами с обоих берегов реки.</p>\n"
            "<p>«До этого года большинство этих молодых людей никогда не бывали на другом "
            "берегу реки, – сказал глава Миссии ОБСЕ в Молдове. – Такие проекты показывают, "
            "что контакты между людьми, и особенно между молодыми людьми, – неотъемлемая "
            "часть укрепления доверия, необходимого для всеобъемлющего "
            "урегулирования».</p>\n"
            "<p>Несколько команд уже договорились продолжить совместную работу в течение "
            "учебного года, а две школы, участвующие в программе, решили организовать "
            "регулярные взаимные визиты учеников и учителей.</p>\n"
            "<p>Эти мероприятия – часть программы Миссии по укреплению доверия, которая "
            "поддерживает практическое сотрудничество между Кишинёвом и Тирасполем в таких "
            "областях, как образование, окружающая среда, здравоохранение и культура, и "
            "дополняет переговоры о всеобъемлющем урегулировании в формате «5+2».</p>"
        ),
    },
    {
        "original": "osce-media-freedom-representative-welcomes-albanias-new-audiovisual-media-law",
        "language": "fr",
        "slug": "la-representante-pour-la-liberte-des-medias-salue-la-loi-albanaise-audiovisuelle",
        "published": "2013-03-08T10:00:00",
        "title": "La Représentante de l'OSCE pour la liberté des médias salue la nouvelle loi "
        "albanaise sur les médias audiovisuels et appelle à un régulateur indépendant",
        "standfirst": (
            "La Représentante de l'OSCE pour la liberté des médias a salué l'adoption de la "
            "nouvelle loi albanaise sur les médias audiovisuels et appelé les autorités à "
            "garantir la pleine indépendance de l'autorité de régulation de l'audiovisuel."
        ),
        "place": "VIENNE",
        "body": (
            "<p>VIENNE, 7 mars 2013 – La Représentante de l'OSCE pour la liberté des médias a "
            "salué aujourd'hui l'adoption par le Parlement albanais d'une nouvelle loi sur "
            "les médias audiovisuels, qui fixe le cadre du passage de la radiodiffusion "
            "analogique à la radiodiffusion numérique et rapproche la législation du pays "
            "des normes internationales.</p>\n"
            "<p>«\u00a0La nouvelle loi constitue une avancée importante. Elle a été préparée "
            "dans le cadre d'un processus ouvert, avec la participation de journalistes, de "
            "radiodiffuseurs et d'experts des médias, et bon nombre des observations "
            "présentées par mon Bureau ont été prises en compte\u00a0», a déclaré la "
            "Représentante. «\u00a0Je salue en particulier les dispositions qui renforcent "
            "l'indépendance éditoriale et la transparence de la propriété des "
            "médias.\u00a0»</p>\n"
            "<p>La Représentante a toutefois souligné que le succès de la réforme dépendrait "
            "de la manière dont la loi sera appliquée, et surtout de l'indépendance de "
            "l'autorité de régulation chargée de superviser le secteur.</p>\n"
            "<p>«\u00a0Les membres de l'autorité de régulation doivent être nommés selon une "
            "procédure transparente, qui exclut toute influence politique, et l'autorité doit "
            "disposer de ressources suffisantes pour accomplir sa mission. J'appelle tous les "
            "partis politiques à respecter la lettre comme l'esprit de la loi lors de "
            "l'élection de ses membres\u00a0», a déclaré la Représentante.</p>\n"
            "<p>Le Bureau de la Représentante a fourni en 2012, avec la Présence de l'OSCE en "
            "Albanie, une analyse juridique du projet de loi, et se tient prêt à continuer "
            "d'aider les autorités à la mettre en œuvre, notamment pour l'octroi de licences "
            "aux radiodiffuseurs numériques et la protection des médias de service "
            "public.</p>"
        ),
    },
    {
        "original": "high-commissioner-on-national-minorities-concludes-visit-to-kazakhstan",
        "language": "ru",
        "slug": "verkhovnyj-komissar-obse-zavershil-vizit-v-kazakhstan",
        "published": "2025-06-12T16:00:00",
        "title": "Верховный комиссар по делам национальных меньшинств завершил визит в "
        "Казахстан и высоко оценил прогресс в многоязычном образовании",
        "standfirst": (
            "Верховный комиссар ОБСЕ по делам национальных меньшинств приветствовал "
            "приверженность Казахстана многоязычному образованию и призвал власти тесно "
            "вовлекать общины меньшинств в реализацию языковой политики."
        ),
        "place": "АСТАНА",
        "body": (
            "<p>АСТАНА, 12 июня 2025 года – Верховный комиссар ОБСЕ по делам национальных "
            "меньшинств сегодня завершил четырёхдневный визит в Казахстан, в ходе которого "
            "обсудил вопросы языковой политики, образования и интеграции многообразных "
            "обществ с высокопоставленными государственными должностными лицами, депутатами "
            "Парламента, представителями Ассамблеи народа Казахстана и гражданского "
            "общества.</p>\n"
            "<p>Верховный комиссар высоко оценил многолетние усилия Казахстана по укреплению "
            "общей гражданской идентичности при одновременной поддержке языков и культур "
            "многочисленных общин, проживающих в стране. Посетив школы Туркестанской "
            "области, в которых обучение ведётся на казахском, русском и узбекском языках, "
            "Верховный комиссар ознакомился с практическими результатами программы "
            "многоязычного образования и побеседовал с учителями о трудностях подготовки "
            "учебных материалов и обучения педагогов.</p>\n"
            "<p>«Многоязычное образование – одно из самых эффективных вложений, которые "
            "государство может сделать в сплочённость своего общества, – заявил Верховный "
            "комиссар. – Оно даёт наилучшие результаты, когда родители, учителя и общины "
            "меньшинств с самого начала становятся партнёрами и когда преподавание "
            "государственного языка идёт рука об руку с поддержкой обучения на родном "
            "языке».</p>\n"
            "<p>Верховный комиссар призвал власти при дальнейшем пересмотре законодательства "
            "о языках и образовании опираться на "
            '<a href="https://www.osce.org/hcnm">тематические рекомендации и руководящие '
            "принципы Верховного комиссара</a>, в том числе на Люблянские руководящие "
            "принципы по интеграции многообразных обществ.</p>\n"
            "<p>Визит был организован при поддержке Программного офиса ОБСЕ в Астане, "
            "который с 2019 года сотрудничает с Министерством просвещения в повышении "
            "квалификации учителей для многоязычных классов. Верховный комиссар намерен "
            "продолжить диалог с властями и вновь посетить страну в следующем году.</p>"
        ),
    },
    {
        "original": "swiss-chairpersonship-presents-its-priorities-to-osce-permanent-council",
        "language": "fr",
        "slug": "la-presidence-suisse-presente-ses-priorites-au-conseil-permanent-de-l-osce",
        # Made after the original's change of 16 January: up to date.
        "published": "2026-01-17T09:00:00",
        "title": "La présidence suisse présente ses priorités au Conseil permanent de l'OSCE",
        "standfirst": (
            "En présentant les priorités de la présidence suisse de l'OSCE en 2026, le "
            "Président en exercice s'est engagé à maintenir ouverts les canaux de dialogue, à "
            "faire face aux conséquences de la guerre contre l'Ukraine et à renforcer la "
            "capacité d'action de l'Organisation."
        ),
        "place": "VIENNE",
        "body": (
            "<p>VIENNE, 15 janvier 2026 – Le Président en exercice de l'OSCE, chef du "
            "Département fédéral des affaires étrangères de la Suisse, a présenté aujourd'hui "
            "au Conseil permanent, à Vienne, les priorités de la présidence suisse de l'OSCE "
            "en 2026, en s'engageant à œuvrer pour un retour au dialogue et aux principes sur "
            "lesquels l'Organisation a été fondée.</p>\n"
            "<p>«\u00a0Plus de cinquante ans après l'Acte final d'Helsinki, les principes dont "
            "nous sommes convenus ensemble sont violés, mais ils n'ont rien perdu de leur "
            "valeur. Ils restent la meilleure base dont nous disposions pour la sécurité en "
            "Europe\u00a0», a déclaré le Président en exercice. «\u00a0La Suisse mettra sa "
            "présidence à profit pour maintenir ouverts les canaux de communication, pour "
            "soutenir celles et ceux qui subissent les conséquences des conflits et pour "
            "veiller à ce que l'OSCE reste en mesure d'agir.\u00a0»</p>\n"
            "<p>Le Président en exercice a indiqué que la guerre contre l'Ukraine et ses "
            "conséquences pour la population ukrainienne et pour l'ensemble de la région "
            "resteraient au centre de l'attention de la présidence, notamment par le soutien "
            "à des projets de l'OSCE de déminage humanitaire et de protection des civils.</p>\n"
            "<p>Parmi les autres priorités annoncées pour l'année figurent\u00a0:</p>\n"
            "<ul><li>le renforcement des mécanismes de transparence militaire et de "
            "réduction des risques, y compris la mise en œuvre du Document de "
            "Vienne\u00a0;</li><li>la prise en compte des incidences des nouvelles "
            "technologies sur la sécurité, des cybermenaces à l'intelligence "
            "artificielle\u00a0;</li><li>le renforcement du soutien de l'OSCE à la médiation "
            "et au dialogue dans les conflits prolongés\u00a0;</li><li>un budget durable et "
            "une direction stable pour l'Organisation et ses institutions.</li></ul>\n"
            "<p>L'année de présidence s'achèvera par la réunion du Conseil ministériel de "
            "l'OSCE, qui se tiendra en Suisse en décembre.</p>\n"
            "<p>À l'issue de la séance, le Président en exercice a annoncé que les premières "
            "visites de l'année conduiraient la présidence à Kyiv et dans les capitales du "
            "Caucase du Sud en février.</p>"
        ),
    },
    {
        "original": "swiss-chairpersonship-presents-its-priorities-to-osce-permanent-council",
        "language": "de",
        "slug": "schweizer-vorsitz-stellt-dem-staendigen-rat-der-osze-seine-prioritaeten-vor",
        # Made before the original's change of 16 January and not updated since: the
        # demo's translation that is out of date.
        "published": "2026-01-15T17:00:00",
        "title": "Schweizer Vorsitz stellt dem Ständigen Rat der OSZE seine Prioritäten vor",
        "standfirst": (
            "Bei der Vorstellung der Prioritäten des Schweizer OSZE-Vorsitzes 2026 versprach "
            "der Amtierende Vorsitzende, die Kanäle des Dialogs offen zu halten, sich den "
            "Folgen des Krieges gegen die Ukraine zu widmen und die Handlungsfähigkeit der "
            "Organisation zu stärken."
        ),
        "place": "WIEN",
        "body": (
            "<p>WIEN, 15. Januar 2026 – Der Amtierende Vorsitzende der OSZE, der Vorsteher "
            "des Eidgenössischen Departements für auswärtige Angelegenheiten der Schweiz, "
            "stellte heute dem Ständigen Rat in Wien die Prioritäten des Schweizer "
            "OSZE-Vorsitzes 2026 vor und versprach, sich für eine Rückkehr zum Dialog und zu "
            "den Prinzipien einzusetzen, auf denen die Organisation gegründet wurde.</p>\n"
            "<p>„Mehr als fünfzig Jahre nach der Schlussakte von Helsinki werden die "
            "Prinzipien, auf die wir uns gemeinsam geeinigt haben, verletzt, aber sie haben "
            "nichts von ihrem Wert verloren. Sie bleiben die beste Grundlage, die wir für die "
            "Sicherheit in Europa haben“, sagte der Amtierende Vorsitzende. „Die Schweiz wird "
            "ihren Vorsitz nutzen, um die Kommunikationskanäle offen zu halten, diejenigen zu "
            "unterstützen, die unter den Folgen von Konflikten leiden, und dafür zu sorgen, "
            "dass die OSZE handlungsfähig bleibt.“</p>\n"
            "<p>Der Amtierende Vorsitzende erklärte, der Krieg gegen die Ukraine und seine "
            "Folgen für die Menschen in der Ukraine und in der gesamten Region würden im "
            "Mittelpunkt der Aufmerksamkeit des Vorsitzes bleiben, unter anderem durch die "
            "Unterstützung von OSZE-Projekten zur humanitären Minenräumung und zum Schutz "
            "der Zivilbevölkerung.</p>\n"
            "<p>Zu den weiteren Prioritäten des Jahres gehören:</p>\n"
            "<ul><li>die Stärkung der Mechanismen für militärische Transparenz und "
            "Risikominderung, einschließlich der Umsetzung des Wiener Dokuments;</li>"
            "<li>der Umgang mit den sicherheitspolitischen Auswirkungen neuer Technologien, "
            "von Cyberbedrohungen bis zur künstlichen Intelligenz;</li><li>die Stärkung der "
            "Unterstützung der OSZE für Mediation und Dialog in langwierigen Konflikten;</li>"
            "<li>ein nachhaltiger Haushalt und eine stabile Führung für die Organisation und "
            "ihre Institutionen.</li></ul>\n"
            "<p>Das Vorsitzjahr endet mit dem Treffen des OSZE-Ministerrats, das im Dezember "
            "in der Schweiz stattfinden wird.</p>"
        ),
    },
]
