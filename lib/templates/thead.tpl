{{%AUTOESCAPE context="HTML"}}
<thead><tr>{{#COL}}<th scope="col"{{#SORTED}} aria-sort="{{ARIA}}"{{/SORTED}}>{{#SORTABLE}}<a href="{{HREF}}" class="sort" data-sort="{{KEY}}">{{LABEL}}{{#SORTED}} <span class="sort-dir" aria-hidden="true">{{ARROW}}</span>{{/SORTED}}</a>{{/SORTABLE}}{{#PLAIN}}{{LABEL}}{{/PLAIN}}</th>{{/COL}}</tr></thead>
