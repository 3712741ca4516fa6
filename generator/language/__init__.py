"""The site's language, read by every stage after loading: our labels in each language and the
check of their catalogues (`i18n`), the theme's labels for the languages Material lacks
(`theme_labels`), and how a language writes dates and numbers and which way it runs
(`conventions`, CLDR through Babel).
"""
