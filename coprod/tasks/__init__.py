"""The task types: one package each (coprod/tasks/<type>/, named as YAML spells the type), holding
everything about that type: its content model, builder, collation, brief and demo filler, and the
widget-free code its page and the read side share. coprod.tasks.parts finds a type's parts;
coprod.tasks.registry checks that every type has every part.

Nothing is imported here: the content (coprod.content) imports each type's model, and the read
side only collations, so that it never loads a builder's ipywidgets."""
