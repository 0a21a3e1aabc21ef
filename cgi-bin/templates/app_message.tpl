{{%AUTOESCAPE context="HTML"}}
<section class="card narrow" id="message">
  <h1>{{HEADING}}</h1>
  <p>{{TEXT}}</p>
</section>
