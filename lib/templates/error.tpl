{{%AUTOESCAPE context="HTML"}}
{{#PAGE}}<section class="card error-page" data-status="{{STATUS}}">
  <h1>{{TITLE}}</h1>
  <div class="error" role="alert"><p>{{MESSAGE}}</p></div>
  {{#RETRY}}<p class="note retrying" id="retry" data-retry="1" role="status" aria-live="polite">This page tries again by itself<span class="retry-in"></span>.</p>{{/RETRY}}
  <p><a href="{{HOME}}">{{HOME_LABEL}}</a></p>
</section>{{/PAGE}}
{{#FRAGMENT}}<div class="error" role="alert" data-status="{{STATUS}}"><p>{{MESSAGE}}</p></div>{{/FRAGMENT}}
