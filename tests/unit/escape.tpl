{{%AUTOESCAPE context="HTML"}}
<p title="{{ATTR}}">{{TEXT}}</p>{{#ROW}}<i>{{V}}</i>{{/ROW}}<a href="{{URL}}">x</a>
