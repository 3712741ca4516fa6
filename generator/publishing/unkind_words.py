"""Words a passphrase never uses: the reviewed blocklist of each BIP-39 list we draw from.

A family reads its passphrase on a letter about its child and types it again and again; a
list made for crypto wallets has words no school would print there ("assault", "cruel").
Each list was read word by word (docs/privacy.md, "Passphrase words", says by whom and how
well) and every word is blocked that falls under one of these headings, or that is harmless
alone but reads badly next to a child's name:

* violence, weapons, war and the military;
* crime, police, courts and punishment (frightening for many immigrant families);
* death, injury, illness, the body judged (fat, bald, blind...);
* fear, horror, sadness, shame, anger;
* insults and words that judge a person (lazy, dumb, ugly...);
* alcohol, tobacco, drugs, gambling, sex;
* religion, race, nationality and politics, where a word names or can mock a group.

`tests/test_passphrase_words.py` checks that every word here is in its list (a typo would
block nothing) and that no passphrase can ever contain one.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The words of a block below, its '#' lines (the headings) left out."""
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return frozenset(word for line in lines for word in line.split())


BLOCKED: dict[str, frozenset[str]] = {
    "en": _words(
        """
        # violence, weapons, war, military
        hunt
        assault attack battle blade blast bomb bullet bunker cannon destroy enemy enlist
        execute gun inflict kick knife pistol punch rifle shoot siege slam soldier
        strike sword tank target trigger warfare warrior weapon wrestle shove army armed
        armor erupt wreck crash crush spy
        # crime, police, courts, punishment
        arrest crime illegal inmate lawsuit police prison sheriff suspect witness penalty
        patrol abuse betray trap riot rebel exile
        # death, injury, illness, the body judged
        blood bone fatal demise expire skull injury hurt illness ill sick disease virus
        symptom fever chronic dizzy faint fatigue pill dose inject
        blind dwarf fat
        # fear, horror, sadness, shame, anger
        afraid anger angry anxiety awful bleak chaos cruel cry danger despair
        evil fury ghost gloom grief guilt hazard horror lonely
        misery monster nasty panic regret sad sadness scare shiver shock suffer
        tragic trouble unhappy upset vicious worry struggle orphan poverty
        divorce neglect abandon accident accuse blame damage disorder denial reject
        retreat fault burden flee
        # insults, words that judge a person
        swear
        absurd awkward boring crazy dumb insane jealous lazy liar mad rude
        ugly useless weird bitter harsh naive unfair
        # alcohol, tobacco, drugs, gambling, sex
        addict alcohol casino cigar drink lottery smoke tobacco wine affair
        # religion, nationality, politics; odd crypto jargon
        bless gospel goddess dutch latin satoshi
        """
    ),
    "es": _words(
        """
        # violence, weapons, war, military
        víctima huida huir
        arpón asalto ataque azote batalla bomba cañón combate escudo espada fusil golpe
        guerra hacha herir lanza matar misil militar puñal sable soldado tanque torpedo
        tropa pelea vengar morder romper bozal legión duelo enemigo
        # crime, police, courts, punishment
        acoso cárcel celda crimen delito espía fraude hurto ilegal ladrón mafia multa
        policía preso prisión rapto rehén pleito secta juicio fianza abuso testigo asilo
        exilio aduana
        # death, injury, illness, the body judged
        fosa yacer grasa
        agonía cadáver cáncer cráneo cripta fiebre gripe lesión letal llaga luto
        momia morir mortal muerte náusea tumba tumor úlcera veneno tóxico jeringa anemia
        enfermo sangre dolor ciego cojo manco sordo tuerto miope obeso gordo calvo flaco
        enano feo calvo dosis caspa pezuña piojo
        # fear, horror, sadness, shame, anger
        miedo pánico peligro terror susto temor trauma triste llanto llorar lágrima
        sufrir soledad miseria ruina fracaso derrota rencor odio odiar rabia ira furia
        enfado culpa pena lástima queja grito gemir atroz feroz hostil maldad vampiro
        bruja diablo satán ogro bestia crisis deuda engaño ofensa
        # insults, words that judge a person
        burla burro cerdo
        bobo tonto necio loco locura inútil incapaz vago pereza avaro celoso creído
        terco bruto brusco rudo tosco vil vulgar malo peor pésimo mugre cochino
        # alcohol, tobacco, drugs, gambling, sex
        adicto droga ebrio fumar cigarro tabaco licor vicio bebida sexo desnudo orgía
        amante infiel aborto apuesta ruleta azar tarot macho
        # religion, race, nationality, politics
        ateo pecado misa monja obispo rezar sermón raza etnia
        """
    ),
    "pt": _words(
        """
        # violence, weapons, war, military
        chicote capotar colidir
        abater arma arsenal atirador baioneta blindado cacetada culatra detonar duelar
        esfolar esgrima espreita gatilho granada guerrear invasor lutador machado
        masmorra mosquete navalha ofensiva ogiva paulada pancada palmada pistola punhal
        recrutar tridente bombeiro atear coronha briga golpear joelhada inimigo agarrar
        fardado sargento tenente samurai
        # crime, police, courts, punishment
        acusador criminal delator infrator impune intimar punir proibido coagir sonegar
        agiota cobaia viatura inspetor expulsar evacuar asilado legista xerife ditador
        motim revolta rebelde boicotar
        # death, injury, illness, the body judged
        sangue fossa calmante
        abutre cicatriz cirurgia fibrose inflamar injetar ossada soterrar toxina
        seringa extinto demolido dolorido laxante urologia obstetra autismo bipolar
        albino careca canhoto gordura flacidez magreza depenado torto mamilo bexiga
        axila cuspir saliva
        # fear, horror, sadness, shame, anger
        obcecado gritaria demitir
        abismo calafrio espanto exausto fadiga furioso irritado raiva remorso vergonha
        zangado lamentar aflito ansioso gemer gemido tremer tontura enjoar infestar
        predador hiena covil orfanato grotesco bizarro sombrio atoleiro
        # insults, words that judge a person
        birrento chacota chatice deboche insulto malandro maluco mimado tolice tedioso
        xingar zombar pivete plebeu servo vaidoso guloso gula bajular loucura fofocar
        intriga bobagem
        # alcohol, tobacco, drugs, gambling, sex
        absinto cerveja ressaca isqueiro loteria roleta cambista libido orgasmo nudez
        sensual sedutor vibrador decote motel drogaria baseado excitar cueca
        # religion, race, nationality, politics
        ateu heresia judeu mesquita bispo clero diocese profeta cigana crioulo mulata
        baiano belga cubano europeu grego guarani iraniano italiano mexicano romano
        russo tupi anarquia
        """
    ),
    "zh": _words(
        """
        # violence, weapons, war, military
        杀 枪 弹 炮 炸 爆 战 军 兵 敌 攻 击 侵 刀 剑 箭 矛 戈 射 斗 砍 捅 刺 割 袭 夺 抢
        暴 霸 征
        # crime, police, courts, punishment
        罪 犯 刑 狱 捕 逮 罚 惩 偷 盗 骗 诬 欺 警 叛 赖
        # death, injury, illness, the body judged
        死 亡 尸 血 毒 病 痛 伤 患 症 疾 疫 残 丧 牺 埋 吊 瘦 肥 矮
        # fear, horror, sadness, shame, anger
        鬼 怕 恐 惊 哭 泪 悲 哀 苦 恨 怨 怒 愤 仇 凶 恶 坏 骂 灾 祸 危 险 毁 灭 惨 忧 慌
        狠 乱 败 困 饿 穷 贫 奴 疯 狂 呆 腐 烂 粪 脏 贪 劣 债
        # alcohol, tobacco, drugs, gambling, sex
        酒 烟 乳
        # politics
        党
        """
    ),
    "ko": _words(
        """
        # violence, weapons, war, military
        공격 공군 군대 군사 군인 미사일 사냥 살인 육군 입대 잠수함 장군 전쟁 해군 화살
        여군 위협 충돌 쿠데타 강제 권투
        # crime, police, courts, punishment
        강도 경찰 구속 도둑 범인 범죄 벌금 불법 위반 위법 죄인 처벌 파출소 형사 재판
        판결 판사 도망
        # death, injury, illness, the body judged
        무덤 장례 목숨 부상 상처 혈액 질병 독감 바이러스 설사 통증 진통 증상 부작용
        환자 병실 산부인과 장애인 비만 몸무게 체중 다이어트 몸매 엉덩이 몸살
        # fear, horror, sadness, shame, anger
        가난 갈등 걱정 고통 공포 괴로움 귀신 눈물 미움 분노 불만 불안 불이익 불행 비극
        비난 비명 슬픔 실망 실패 악몽 야단 어둠 외로움 위험 이별 절망 짜증 최악 충격
        희생 부끄러움 스트레스 엉망 엉터리 지진 약점 편견 차별 콤플렉스 낭비 오염
        잘못 거짓
        # insults, words that judge a person
        이놈 마누라
        # alcohol, tobacco, drugs, gambling, sex
        담배 마약 막걸리 맥주 술병 술집 알코올 음주 중독 이혼 팬티 쾌감 사춘기 대출
        # religion, race, nationality, politics
        기독교 불교 종교 하느님 인종 흑인 백인 북한 평양
        """
    ),
    "ru": _words(
        """
        # violence, weapons, war, military
        арсенал атака битва бомба боец броня взрыв воевать война войско выкуп гарнизон
        гвардия генерал дивизия драка дуэль засада затвор захват избить кнут кобура
        кулак мишень напасть оборона оружие окоп осколок офицер охота патрон пехота
        пленный полк поединок прицел пуля пушка резать рубить сержант снайпер снаряд
        солдат траншея удар фронт штаб штурм штык эшелон майор мундир шинель топор
        борьба разбить сломать укусить
        # crime, police, courts, punishment
        арест бандит жулик заговор кража милиция надзор обыск розыск украсть шпион
        штраф донос судить хулиган негодяй лагерь цензура санкция таможня беженец
        изгнать выгнать уволить
        # death, injury, illness, the body judged
        авария вдова вирус гнилой жертва инвалид инфаркт кровь крушение опухоль обморок
        прах скелет синяк слепой глухой немой чума шприц недуг лысый толстый тощий
        брюхо диагноз обжечь сжечь рухнуть
        # fear, horror, sadness, shame, anger
        бездна бояться бешеный ведьма вопль гнев жуткий злой мрачный мстить монстр
        опасный паника плакать позор пугать слеза стонать стыдно терзать тревога угроза
        угрюмый унижать унылый упрек ярость неудача скандал ссора скука испуг лютый
        хищник червь таракан тварь умолять сдаться ущерб
        # insults, words that judge a person
        бред глупый грубый грязный дикарь дурной жадный лгать ленивый ложь наглый
        нелепый нищий бедный плохой свинья убогий худший чушь чепуха ерунда хрен
        бродяга чудак вредный слабый
        # alcohol, tobacco, drugs, gambling, sex
        выпить спирт казино азарт соблазн голый брак
        # religion, politics
        жрец религия икона
        """
    ),
}
