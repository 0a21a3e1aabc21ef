{{%AUTOESCAPE context="HTML"}}
<div class="error" role="alert" data-status="{{STATUS}}"><p>{{MESSAGE}}</p></div>
